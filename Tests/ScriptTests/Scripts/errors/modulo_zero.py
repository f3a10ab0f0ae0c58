7 % 0
# error@1: ZeroDivisionError: integer modulo by zero
