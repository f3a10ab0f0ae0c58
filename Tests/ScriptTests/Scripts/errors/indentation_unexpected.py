x = 1
    y = 2
# error@2: IndentationError: unexpected indent
