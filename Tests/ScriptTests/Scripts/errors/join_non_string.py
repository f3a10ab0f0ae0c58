', '.join([1, 2])
# error@1: TypeError: sequence item 0: expected str instance, int found
