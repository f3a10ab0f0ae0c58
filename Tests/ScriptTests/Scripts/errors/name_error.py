x = 1
print(x)
y = x + undefined_name
# expect: 1
# error@3: NameError: name 'undefined_name' is not defined
