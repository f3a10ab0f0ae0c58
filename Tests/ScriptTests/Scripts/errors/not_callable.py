x = 3
x()
# error@2: TypeError: 'int' object is not callable
