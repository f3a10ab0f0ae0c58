int('12abc')
# error@1: ValueError: invalid literal for int() with base 10: '12abc'
