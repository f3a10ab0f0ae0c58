sorted([3, 'a', 1])
# error@1: TypeError: '<' not supported between instances of 'str' and 'int'
