def add(a, b=10, *args, scale=1, **kw):
    """Adds things."""
    return (a + b + sum(args)) * scale, kw
print(add(1), add(1, 2), add(1, 2, 3, 4), add(1, scale=2), add(a=5, b=5, extra=True))
print(add(*[1, 2]), add(**{'a': 1, 'b': 1}))
def make_counter(start):
    def step(k):
        return start + k
    return step
inc = make_counter(100)
print(inc(1), inc(2))
square = lambda v: v * v
print(square(7), list(map(square, range(4))), list(filter(lambda v: v % 2, range(6))))
print(sorted([(1, 'b'), (0, 'c'), (1, 'a')], key=lambda p: (p[0], p[1])))
def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)
print(fact(20))
def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a
print([fib(i) for i in range(10)])
counter = 0
def bump():
    global counter
    counter += 1
bump(); bump()
print(counter)
def nothing():
    pass
print(nothing(), add.__name__)
def defaults(x, items=[]):
    items.append(x)
    return items
print(defaults(1), defaults(2))
adders = [lambda x, i=i: x + i for i in range(3)]
print([f(10) for f in adders])
# expect: (11, {}) (3, {}) (10, {}) (22, {}) (10, {'extra': True})
# expect: (3, {}) (2, {})
# expect: 101 102
# expect: 49 [0, 1, 4, 9] [1, 3, 5]
# expect: [(0, 'c'), (1, 'a'), (1, 'b')]
# expect: 2432902008176640000
# expect: [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]
# expect: 2
# expect: None add
# expect: [1, 2] [1, 2]
# expect: [10, 11, 12]
