# factorize-only
def f():
    return await g()
# error@3: SyntaxError: 'await' is not supported in Factorize
