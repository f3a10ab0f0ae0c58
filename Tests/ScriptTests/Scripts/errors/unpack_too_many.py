a, b = [1, 2, 3]
# error@1: ValueError: too many values to unpack (expected 2)
