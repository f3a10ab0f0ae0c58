# factorize-only
print(2 ** 62)
print(2 ** 64)
# expect: 4611686018427387904
# error@3: OverflowError: integer result too large for a 64-bit int
