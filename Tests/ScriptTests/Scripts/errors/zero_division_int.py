7 // 0
# error@1: ZeroDivisionError: integer division or modulo by zero
