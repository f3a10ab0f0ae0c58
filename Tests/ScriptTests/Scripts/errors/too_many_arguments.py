def f(a, b=2):
    return a
f(1, 2, 3)
# error@3: TypeError: f() takes from 1 to 2 positional arguments but 3 were given
