# factorize-only
def down(n):
    return down(n + 1)
down(0)
# error@3: RuntimeError: maximum recursion depth exceeded
