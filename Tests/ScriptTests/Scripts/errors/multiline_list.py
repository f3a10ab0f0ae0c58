def f(a, b):
    return a / b
x = f(1,
      2)
y = [1,
     2,
     undefined_thing]
# error@7: NameError: name 'undefined_thing' is not defined
