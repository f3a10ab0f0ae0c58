xs = []
xs.push(1)
# error@2: AttributeError: 'list' object has no attribute 'push'
