7.5 % 0
# error@1: ZeroDivisionError: float modulo
