for i in range(3):
    print('i', i)
else:
    print('for-else runs')
for i in range(10):
    if i == 2:
        continue
    if i == 4:
        break
    print('loop', i)
else:
    print('not printed')
n = 0
while n < 5:
    n += 1
    if n == 3:
        continue
else:
    print('while-else', n)
while True:
    n -= 1
    if n < 2:
        break
print('n', n)
total = 0
for k in range(100000):
    total += k % 7
print(total)
for i, (a, b) in enumerate([(1, 2), (3, 4)]):
    print(i, a, b)
for ch in 'ab':
    print(ch)
for key in {'x': 1, 'y': 2}:
    print(key)
if n == 1: print('one-line if')
x = 0
if x > 0:
    print('pos')
elif x < 0:
    print('neg')
else:
    print('zero')
a = b = 7
print(a, b); print('semicolon')
total = 1 + \
    2
print(total, (1 +
              2))
# expect: i 0
# expect: i 1
# expect: i 2
# expect: for-else runs
# expect: loop 0
# expect: loop 1
# expect: loop 3
# expect: while-else 5
# expect: n 1
# expect: 299995
# expect: 0 1 2
# expect: 1 3 4
# expect: a
# expect: b
# expect: x
# expect: y
# expect: one-line if
# expect: zero
# expect: 7 7
# expect: semicolon
# expect: 3 3
