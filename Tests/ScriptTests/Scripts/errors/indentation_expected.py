for i in range(3):
print(i)
# error@2: IndentationError: expected an indented block after 'for' statement on line 1
