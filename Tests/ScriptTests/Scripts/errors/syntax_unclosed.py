print('a',
      1
# error@1: SyntaxError: '(' was never closed
