d = {}
d[[1, 2]] = 3
# error@2: TypeError: unhashable type: 'list'
