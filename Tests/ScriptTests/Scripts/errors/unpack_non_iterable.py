a, b = 5
# error@1: TypeError: cannot unpack non-iterable int object
