s = 'abc
# error@1: SyntaxError: unterminated string literal (detected at line 1)
