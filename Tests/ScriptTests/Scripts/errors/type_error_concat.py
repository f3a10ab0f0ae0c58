print('before')
label = 'rmse=' + 0.86
# expect: before
# error@2: TypeError: can only concatenate str (not "float") to str
