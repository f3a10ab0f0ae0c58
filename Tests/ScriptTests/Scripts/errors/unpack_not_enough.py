a, b, c = (1, 2)
# error@1: ValueError: not enough values to unpack (expected 3, got 2)
