for i in 42:
    pass
# error@1: TypeError: 'int' object is not iterable
