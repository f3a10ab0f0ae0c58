def f():
    return 1
return 2
# error@3: SyntaxError: 'return' outside function
