print('x')
break
# error@2: SyntaxError: 'break' outside loop
