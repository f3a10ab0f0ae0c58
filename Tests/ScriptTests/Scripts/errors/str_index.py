'abc'[5]
# error@1: IndexError: string index out of range
