def f(a, b):
    return a / b
x = max(1,
      f(1, 0))
# error@2: ZeroDivisionError: division by zero
