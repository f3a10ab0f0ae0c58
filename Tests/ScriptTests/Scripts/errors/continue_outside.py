for i in range(2):
    continue
continue
# error@3: SyntaxError: 'continue' not properly in loop
