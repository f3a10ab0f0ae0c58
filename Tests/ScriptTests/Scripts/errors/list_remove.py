[1, 2].remove(3)
# error@1: ValueError: list.remove(x): x not in list
