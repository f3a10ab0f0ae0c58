def outer():
    return inner()
def inner():
    return missing
outer()
# error@4: NameError: name 'missing' is not defined
