# factorize-only
if (n := 10) > 5:
    pass
# error@2: SyntaxError: assignment expressions (:=) are not supported in Factorize
