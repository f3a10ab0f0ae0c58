total = 0
total = total + 'a'
# error@2: TypeError: unsupported operand type(s) for +: 'int' and 'str'
