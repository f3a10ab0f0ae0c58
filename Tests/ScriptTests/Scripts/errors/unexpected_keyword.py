def f(a, b=1):
    return a + b
f(1, c=2)
# error@3: TypeError: f() got an unexpected keyword argument 'c'
