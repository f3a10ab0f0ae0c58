d = {'a': 1}
d['b']
# error@2: KeyError: 'b'
