xs = [1, 2, 3]
print(xs[2])
print(xs[3])
# expect: 3
# error@3: IndexError: list index out of range
