print([x * x for x in range(6)])
print([x for x in range(20) if x % 3 == 0 if x % 2 == 0])
print([(i, j) for i in range(3) for j in range(i)])
print([[i * j for j in range(3)] for i in range(3)])
print({x: x ** 2 for x in range(4)}, {c for c in 'hello'} == set('helo'))
print(sum(x for x in range(101)), max(len(w) for w in ['a', 'abc', 'ab']), list(x + 1 for x in [1, 2]))
labels = ['Action|Crime', 'Comedy', 'Drama|War']
first = [label.split('|')[0] for label in labels]
index = {l: i for i, l in enumerate(sorted(set(first)))}
print(first, index)
x = 'outer'
print([x for x in 'ab'], x)
pairs = [(1, 'a'), (2, 'b')]
print([n for n, _ in pairs], {k: v for k, v in pairs})
print(any(x > 2 for x in [1, 2, 3]), all(x > 0 for x in [1, 2]), sorted((3, 1, 2)))
# expect: [0, 1, 4, 9, 16, 25]
# expect: [0, 6, 12, 18]
# expect: [(1, 0), (2, 0), (2, 1)]
# expect: [[0, 0, 0], [0, 1, 2], [0, 2, 4]]
# expect: {0: 0, 1: 1, 2: 4, 3: 9} True
# expect: 5050 3 [2, 3]
# expect: ['Action', 'Comedy', 'Drama'] {'Action': 0, 'Comedy': 1, 'Drama': 2}
# expect: ['a', 'b'] outer
# expect: [1, 2] {1: 'a', 2: 'b'}
# expect: True True [1, 2, 3]
