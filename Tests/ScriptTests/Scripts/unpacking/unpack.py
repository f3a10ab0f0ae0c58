a, b = 1, 2
a, b = b, a
print(a, b)
(x, y), z = (1, 2), 3
print(x, y, z)
first, *rest = [1, 2, 3, 4]
print(first, rest)
*init, last = 'abc'
print(init, last)
p, *mid, q = range(5)
print(p, mid, q)
[m, n] = 'xy'
print(m, n)
for k, (v1, v2) in {'a': (1, 2)}.items():
    print(k, v1, v2)
i = j = 0
print(i, j)
t = 1,
print(t, *[1, 2], *'ab')
print([*range(3), *[9]], {**{'a': 1}, 'b': 2})
# expect: 2 1
# expect: 1 2 3
# expect: 1 [2, 3, 4]
# expect: ['a', 'b'] c
# expect: 0 [1, 2, 3] 4
# expect: x y
# expect: a 1 2
# expect: 0 0
# expect: (1,) 1 2 a b
# expect: [0, 1, 2, 9] {'a': 1, 'b': 2}
