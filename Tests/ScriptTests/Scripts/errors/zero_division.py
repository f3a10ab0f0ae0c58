def ratio(a, b):
    return a / b
print(ratio(1, 2))
ratio(1, 0)
# expect: 0.5
# error@2: ZeroDivisionError: division by zero
