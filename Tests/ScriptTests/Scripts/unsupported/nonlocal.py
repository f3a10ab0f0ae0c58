# factorize-only
def f():
    x = 1
    def g():
        nonlocal x
    return g
# error@5: SyntaxError: 'nonlocal' is not supported in Factorize
