xs = [5, 3, 1]
xs.append(7)
xs.insert(0, 0)
xs.extend([9, 8])
print(xs, len(xs), xs.index(3), xs.count(1))
print(xs.pop(), xs.pop(0), xs)
xs.remove(3)
xs.sort()
print(xs)
xs.sort(reverse=True)
print(xs)
xs.reverse()
print(xs, xs.copy() == xs, xs.copy() is xs)
ys = xs
ys += [100]
print(xs, ys is xs)
zs = xs + [1]
print(zs is xs, [0] * 3, [[0] * 2] * 2, 2 * [1, 2])
words = ['banana', 'Apple', 'cherry']
print(sorted(words), sorted(words, key=str.lower), sorted(words, key=len, reverse=True))
print(list(reversed(words)), max(words, key=len), min(words))
xs.clear()
print(xs, [] == [], [1, [2, [3]]])
nested = [1]
nested.append(nested)
print(nested)
del words[0]
print(words)
# expect: [0, 5, 3, 1, 7, 9, 8] 7 2 1
# expect: 8 0 [5, 3, 1, 7, 9]
# expect: [1, 5, 7, 9]
# expect: [9, 7, 5, 1]
# expect: [1, 5, 7, 9] True False
# expect: [1, 5, 7, 9, 100] True
# expect: False [0, 0, 0] [[0, 0], [0, 0]] [1, 2, 1, 2]
# expect: ['Apple', 'banana', 'cherry'] ['Apple', 'banana', 'cherry'] ['banana', 'cherry', 'Apple']
# expect: ['cherry', 'Apple', 'banana'] banana Apple
# expect: [] True [1, [2, [3]]]
# expect: [1, [...]]
# expect: ['Apple', 'cherry']
