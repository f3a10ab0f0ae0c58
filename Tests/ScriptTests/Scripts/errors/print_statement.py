print("ok")
print "hello"
# error@2: SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?
