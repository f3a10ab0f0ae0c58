t = (1, 2)
t[0] = 5
# error@2: TypeError: 'tuple' object does not support item assignment
