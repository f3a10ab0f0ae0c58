print(int('42'), int(' -3 '), int(3.7), int(-3.7), int(True), int('1_000'), int('z', 36))
print(float('3.5'), float(' inf '), float('-nan'), float(2), float('1e-3'))
print(str(1), str(1.5), str(None), str(True), str([1]), repr('x'), repr(1.0), ascii('é'))
print(bool(1), bool([]), list('ab'), tuple([1, 2]), set([1, 1]), dict([('a', 1)]), list(range(3)))
print(isinstance(1, int), isinstance(1.0, float), isinstance('s', str), isinstance([], (tuple, list)))
print(isinstance(True, int), isinstance(1, bool), isinstance({}, dict), isinstance(set(), set))
print(type(1), type(1.0), type('s'), type([]), type(()), type({}), type(set()), type(True), type(None))
print(callable(len), callable(1), callable(lambda: 0), hasattr('s', 'upper'), hasattr(1, 'nope'))
print(getattr('abc', 'upper')(), getattr(1, 'missing', 'default'), len(dir([])) > 5, 'append' in dir([]))
print(format(3.14159, '.2f'), format(42, '05d'), format('s', '^5'), format(0.5, '%'), format(1e6, ',.0f'))
print(divmod(9, 4), divmod(-9, 4), pow(2, 10), abs(-2.5), round(2.567, 1), max(1, 2.5), min('b', 'a'))
print(list(map(int, ['1', '2'])), list(filter(None, [0, 1, '', 'a'])), list(map(lambda a, b: a + b, [1, 2], [3, 4])))
print(sorted('bca'), sorted([3, 1, 2], reverse=True), list(reversed(range(3))), list(enumerate('ab', start=1)))
# expect: 42 -3 3 -3 1 1000 35
# expect: 3.5 inf nan 2.0 0.001
# expect: 1 1.5 None True [1] 'x' 1.0 '\xe9'
# expect: True False ['a', 'b'] (1, 2) {1} {'a': 1} [0, 1, 2]
# expect: True True True True
# expect: True False True True
# expect: <class 'int'> <class 'float'> <class 'str'> <class 'list'> <class 'tuple'> <class 'dict'> <class 'set'> <class 'bool'> <class 'NoneType'>
# expect: True False True True False
# expect: ABC default True True
# expect: 3.14 00042   s   50.000000% 1,000,000
# expect: (2, 1) (-3, 3) 1024 2.5 2.6 2.5 a
# expect: [1, 2] [1, 'a'] [4, 6]
# expect: ['a', 'b', 'c'] [3, 2, 1] [2, 1, 0] [(1, 'a'), (2, 'b')]
