x = 1
y = = 2
# error@2: SyntaxError: invalid syntax
