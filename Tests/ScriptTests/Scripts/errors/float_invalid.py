float('abc')
# error@1: ValueError: could not convert string to float: 'abc'
