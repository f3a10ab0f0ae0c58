print(1 < 2 < 3, 1 < 3 < 2, 3 > 2 == 2, 1 == 1 != 2)
print('abc' < 'abd', 'Z' < 'a', [1, 2] < [1, 3], (1, 2) < (1, 2, 0), [] == [], (1,) == (1,))
print([1, 2] == [1, 2], [1, 2] is [1, 2], None is None, None is not None)
print({'a': 1} == {'a': 1}, {1, 2} == {2, 1}, {1} < {1, 2}, {1, 2} <= {1, 2})
print(1 in [1, 2], 3 not in (1, 2), 'ell' in 'hello', 'a' in {'a': 1}, 2 in {1, 2}, 5 in range(0, 10, 5))
print(not 0, not '', not [1], 0 or 'x', '' or [], 1 and 2, 0 and 1)
print(bool(0), bool(0.0), bool(''), bool('0'), bool([]), bool([0]), bool({}), bool(None))
x = 5
print('big' if x > 3 else 'small', 'big' if x > 10 else 'small')
# expect: True False True True
# expect: True True True True True True
# expect: True False True False
# expect: True True True True
# expect: True True True True True True
# expect: True True False x [] 2 0
# expect: False False False True False True False False
# expect: big small
