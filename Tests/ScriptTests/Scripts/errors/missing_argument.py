def f(a, b, c):
    return a
f(1)
# error@3: TypeError: f() missing 2 required positional arguments: 'b' and 'c'
