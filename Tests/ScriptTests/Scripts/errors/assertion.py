assert 1 + 1 == 3, "arithmetic"
# error@1: AssertionError: arithmetic
