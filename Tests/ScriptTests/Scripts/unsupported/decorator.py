# factorize-only
@decorator
def f():
    pass
# error@2: SyntaxError: decorators are not supported in Factorize
