# Integer arithmetic follows Python: floor division and modulo take the divisor's sign.
print(7 // 2, -7 // 2, 7 // -2, -7 // -2)
print(7 % 3, -7 % 3, 7 % -3, -7 % -3)
print(2 ** 10, 2 ** 0, (-2) ** 3, -2 ** 2, 2 ** -2)
print(10 / 4, 9 / 3, 1 / 3)
print(25_000 + 1, 0x1F, 0o17, 0b101, 1_000_000 * 3)
print(5 & 3, 5 | 3, 5 ^ 3, ~5, 1 << 10, -16 >> 2)
print(divmod(17, 5), divmod(-17, 5), pow(3, 4), pow(3, 4, 5), abs(-9))
print(True + True, True * 3, False - 1, int(True))
print(9223372036854775807, -9223372036854775807 - 1)
# expect: 3 -4 -4 3
# expect: 1 2 -2 -1
# expect: 1024 1 -8 -4 0.25
# expect: 2.5 3.0 0.3333333333333333
# expect: 25001 31 15 5 3000000
# expect: 1 7 6 -6 1024 -4
# expect: (3, 2) (-4, 3) 81 1 9
# expect: 2 3 -1 1
# expect: 9223372036854775807 -9223372036854775808
