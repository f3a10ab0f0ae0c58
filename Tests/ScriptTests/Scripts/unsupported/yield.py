# factorize-only
def gen():
    yield 1
# error@3: SyntaxError: 'yield' is not supported in Factorize
