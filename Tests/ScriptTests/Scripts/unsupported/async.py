# factorize-only
async def f():
    pass
# error@2: SyntaxError: 'async' is not supported in Factorize (it has no user-defined classes or coroutines)
