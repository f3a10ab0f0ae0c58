n = 5
n[0]
# error@2: TypeError: 'int' object is not subscriptable
