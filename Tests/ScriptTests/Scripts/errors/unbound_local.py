# factorize-only: CPython names this UnboundLocalError, a subclass of NameError
total = 0
def bad(x):
    total += x
    return total
bad(1)
# error@4: NameError: cannot access local variable 'total' where it is not associated with a value
