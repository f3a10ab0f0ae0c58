max([])
# error@1: ValueError: max() arg is an empty sequence
