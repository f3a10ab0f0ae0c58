[].pop()
# error@1: IndexError: pop from empty list
