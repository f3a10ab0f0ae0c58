x = [1, 2]
x.append(3)
y = x[0
z = 1
# error@3: SyntaxError: '[' was never closed
