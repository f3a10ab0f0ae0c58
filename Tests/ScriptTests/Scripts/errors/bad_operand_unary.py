-'text'
# error@1: TypeError: bad operand type for unary -: 'str'
