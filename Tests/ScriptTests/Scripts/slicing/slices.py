xs = list(range(10))
print(xs[2:5], xs[:3], xs[7:], xs[-3:], xs[:-7], xs[::2], xs[1::3], xs[::-1], xs[8:2:-2], xs[100:], xs[-100:2])
s = 'abcdefgh'
print(s[1:4], s[::-1], s[-2:], s[::3], s[5:1], s[:100])
t = tuple(range(5))
print(t[1:3], t[::-1], t[-1], t[:0])
xs[2:5] = ['a', 'b']
print(xs)
xs[::3] = [0, 0, 0]
print(xs)
del xs[1:3]
print(xs)
r = range(10)
print(r[2:8:2], list(r[::-3]), r[-1], len(r[1:]))
print(slice(1, 5), xs[slice(2)])
# expect: [2, 3, 4] [0, 1, 2] [7, 8, 9] [7, 8, 9] [0, 1, 2] [0, 2, 4, 6, 8] [1, 4, 7] [9, 8, 7, 6, 5, 4, 3, 2, 1, 0] [8, 6, 4] [] [0, 1]
# expect: bcd hgfedcba gh adg  abcdefgh
# expect: (1, 2) (4, 3, 2, 1, 0) 4 ()
# expect: [0, 1, 'a', 'b', 5, 6, 7, 8, 9]
# expect: [0, 1, 'a', 0, 5, 6, 0, 8, 9]
# expect: [0, 0, 5, 6, 0, 8, 9]
# expect: range(2, 8, 2) [9, 6, 3, 0] 9 9
# expect: slice(1, 5, None) [0, 0]
