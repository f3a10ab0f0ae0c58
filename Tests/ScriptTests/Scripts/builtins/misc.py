print("a b".split()[0].upper(), "x,y".split(",")[-1] * 2)
grid = [[0] * 3 for _ in range(2)]
grid[1][2] += 5
print(grid)
counts = {}
for w in "the cat the hat the".split():
    counts[w] = counts.get(w, 0) + 1
print(counts, sorted(counts.items(), key=lambda kv: -kv[1]))
def fwd(*args, **kwargs):
    return inner(*args, **kwargs)
def inner(a, b=0, *, c=1):
    return a + b + c
print(fwd(1, 2, c=3), fwd(1))
xs = [3, 1, 2]
print(*xs, sep=', ', end='!\n')
print(type(1) == int, type(1) is int, type([]) is list, isinstance([], list), type(None).__name__ if False else type(None))
print(1 if False else 2 or 3, not 1 in [1])
w = 6
print('{:>{w}}|'.format('a', w=w), '{0:{1}}|'.format('b', 4))
print(repr(range(3)), range(1, 10, 2), list(range(5, 0, -2)), reversed([1]) is not None)
print(print, len, int, ValueError, type(print))
d = {'a': 1, 'b': 2}
print(d.keys(), d.values(), d.items())
print(sorted([(1, 'b'), (1, 'a'), (0, 'z')]), sorted(['b', 'a', 'B'], key=str.lower))
a = b = []
a.append(1)
print(b, a is b)
print('abc' * 0, 'abc' * -1, [1] * 0)
e = enumerate(['x', 'y'])
print(next(iter([7, 8])), list(e), list(zip()), list(zip([1, 2, 3], 'ab', (True, False))))
it = iter([1, 2])
print(next(it), next(it), next(it, 'done'))
print(min(3, 1, 2), max('a', 'bb', key=len), min([], default=-1), sum([[1], [2]], []), sum([0.5, 0.25]))
print(all([]), any([]), abs(-0.0), abs(-5), divmod(5.5, 2), pow(2, -1), pow(2, 3, 3))
print(hex(-255), oct(8), bin(5), chr(0x1F600), ord('€'), int('0x1f', 16), int('0b11', 0), int('  7_000 '))
print(str(3.0), str(-1e-9), str([1.5, 'x']), str((1,)), str({'a': None}), bool('False'))
print(round(-2.5), round(2.5000001), round(3.14159, 0), round(-1.005, 2), round(5, 1))
print(1e100, 1.7976931348623157e308, 5e-324, 0.1 * 3, 1/3 * 3, 2 ** 0.5 * 2 ** 0.5)
print(3 // 0.7, 3 % 0.7, -3 // 0.7, -3 % 0.7, 2 ** 62, -2 ** 63 if False else -(2 ** 62))
print(float('1_000.5'), float('.5'), float('5.'), float('-1E3'), int(-0.9), int(1e18))
print('%.3f %5s %-5s| %c %o %X %i' % (2/3, 'ab', 'cd', 65, 8, 255, 3.9))
print('{:,.2f} {:+.1e} {:08.2%} {:^10.3} {:=+8d}'.format(1234567.891, 12345.6789, 0.5, 'abcdef', 42))
print(f"{'nested':{'>'}{10}}", f"{1e-5}", f"{123456789012345678}", f"{1.0}", f"{0.1:.20f}")
s = {1, 2, 3}
s -= {1}
s |= {9}
print(sorted(s), {1, 2} - {2}, {1, 2} & {2, 3}, {1} | {2}, {1, 2} ^ {2, 3})
t = ()
t += (1,)
print(t, (1, 2) * 2, 3 in (1, 2, 3), (1, 2).index(2), tuple('ab'), list({'a': 1}))
def kw_only(a, *, b):
    return a, b
print(kw_only(1, b=2))
n = 10
while n:
    n //= 2
print(n, 7 & 3 | 8 ^ 1, 1 << 3 >> 1, -7 >> 1, ~0)
print([i for i in range(3)][::-1], "".join(sorted("hello")), "hello"[10:], "hello"[-10:2])
x = [1, 2, 3, 4, 5]
del x[::2]
print(x)
x[1:1] = [9, 9]
print(x, x[-1:-3:-1])
# expect: A yy
# expect: [[0, 0, 0], [0, 0, 5]]
# expect: {'the': 3, 'cat': 1, 'hat': 1} [('the', 3), ('cat', 1), ('hat', 1)]
# expect: 6 2
# expect: 3, 1, 2!
# expect: True True True True <class 'NoneType'>
# expect: 2 False
# expect:      a| b   |
# expect: range(0, 3) range(1, 10, 2) [5, 3, 1] True
# expect: <built-in function print> <built-in function len> <class 'int'> <class 'ValueError'> <class 'builtin_function_or_method'>
# expect: dict_keys(['a', 'b']) dict_values([1, 2]) dict_items([('a', 1), ('b', 2)])
# expect: [(0, 'z'), (1, 'a'), (1, 'b')] ['a', 'b', 'B']
# expect: [1] True
# expect:   []
# expect: 7 [(0, 'x'), (1, 'y')] [] [(1, 'a', True), (2, 'b', False)]
# expect: 1 2 done
# expect: 1 bb -1 [1, 2] 0.75
# expect: True False 0.0 5 (2.0, 1.5) 0.5 2
# expect: -0xff 0o10 0b101 😀 8364 31 3 7000
# expect: 3.0 -1e-09 [1.5, 'x'] (1,) {'a': None} True
# expect: -2 3 3.0 -1.0 5
# expect: 1e+100 1.7976931348623157e+308 5e-324 0.30000000000000004 1.0 2.0000000000000004
# expect: 4.0 0.20000000000000018 -5.0 0.4999999999999998 4611686018427387904 -4611686018427387904
# expect: 1000.5 0.5 5.0 -1000.0 0 1000000000000000000
# expect: 0.667    ab cd   | A 10 FF 3
# expect: 1,234,567.89 +1.2e+04 0050.00%    abc     +     42
# expect:     nested 1e-05 123456789012345678 1.0 0.10000000000000000555
# expect: [2, 3, 9] {1} {2} {1, 2} {1, 3}
# expect: (1,) (1, 2, 1, 2) True 1 ('a', 'b') ['a']
# expect: (1, 2)
# expect: 0 11 4 -4 -1
# expect: [2, 1, 0] ehllo  he
# expect: [2, 4]
# expect: [2, 9, 9, 4] [4, 9]
