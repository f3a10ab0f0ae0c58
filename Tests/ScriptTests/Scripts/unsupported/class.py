# factorize-only
class Model:
    pass
# error@2: SyntaxError: 'class' is not supported in Factorize (it has no user-defined classes or coroutines)
