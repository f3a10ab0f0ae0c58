d = {'a': 1, 'b': 2}
d['c'] = 3
print(d, d['a'], d.get('z'), d.get('z', 0), len(d), 'a' in d, 1 in d)
print(list(d.keys()), list(d.values()), list(d.items()), d.keys())
print(d.pop('a'), d.pop('zz', None), d)
print(d.setdefault('b', 9), d.setdefault('n', 9), d)
d.update({'x': 0}, y=1)
d.update([('p', 5)])
print(d, d.copy() == d)
for k, v in d.items():
    print(k, v)
del d['x']
print(dict(a=1), dict([(1, 2)]), dict(zip('ab', range(2))), {**d, 'q': 1})
print({1: 'int', 1.0: 'float', True: 'bool'})
s = {3, 1, 2}
s.add(2)
s.add(4)
s.discard(10)
s.remove(1)
print(len(s), 2 in s, sorted(s), sorted(s | {9}), sorted(s & {2, 3}), sorted(s - {2}), sorted(s ^ {2, 5}))
print(set(), set('aab') == {'a', 'b'}, {1, 2}.union([3]) == {1, 2, 3}, {1, 2}.issubset({1, 2, 3}))
t = (1, 2, 2, 3)
print(t, t.count(2), t.index(3), (1,), (), t + (4,), t * 2, len(t))
print(sorted({'b': 1, 'a': 2}), sorted({'b': 1, 'a': 2}.items(), key=lambda kv: kv[1]))
# expect: {'a': 1, 'b': 2, 'c': 3} 1 None 0 3 True False
# expect: ['a', 'b', 'c'] [1, 2, 3] [('a', 1), ('b', 2), ('c', 3)] dict_keys(['a', 'b', 'c'])
# expect: 1 None {'b': 2, 'c': 3}
# expect: 2 9 {'b': 2, 'c': 3, 'n': 9}
# expect: {'b': 2, 'c': 3, 'n': 9, 'x': 0, 'y': 1, 'p': 5} True
# expect: b 2
# expect: c 3
# expect: n 9
# expect: x 0
# expect: y 1
# expect: p 5
# expect: {'a': 1} {1: 2} {'a': 0, 'b': 1} {'b': 2, 'c': 3, 'n': 9, 'y': 1, 'p': 5, 'q': 1}
# expect: {1: 'bool'}
# expect: 3 True [2, 3, 4] [2, 3, 4, 9] [2, 3] [3, 4] [3, 4, 5]
# expect: set() True True True
# expect: (1, 2, 2, 3) 2 3 (1,) () (1, 2, 2, 3, 4) (1, 2, 2, 3, 1, 2, 2, 3) 4
# expect: ['a', 'b'] [('b', 1), ('a', 2)]
