print(0.1 + 0.2, 1e-3, 1e16, 1e15, 1.5e-7, 12.0, 100.0 / 3)
print(1e22, 2.5e-5, 123456789.123, -0.0, float('inf'), -float('inf'), float('nan'))
print(7.5 // 2, -7.5 // 2, 7.5 % 2, -7.5 % 2, 7.5 % -2, 2.0 ** 0.5)
print(round(2.5), round(3.5), round(-0.5), round(0.125, 2), round(2.675, 2), round(1234.5678, -2))
print(round(7), round(1234, -2), round(1250, -2), round(1350, -2))
print(int(3.99), int(-3.99), float(3), float(' 1e-3 '), float('-inf'), int('  -42 '), int('ff', 16))
print(1 == 1.0, 1 < 1.5, 2 > True, 0.5 < 1 < 2 < 2.5, 3 != 3.0)
print(3 * 1.5, 3 - 0.5, 10 // 2.5, 1e308 * 10)
print((0.1).is_integer(), (2.0).is_integer(), sum([0.1] * 10))
# expect: 0.30000000000000004 0.001 1e+16 1000000000000000.0 1.5e-07 12.0 33.333333333333336
# expect: 1e+22 2.5e-05 123456789.123 -0.0 inf -inf nan
# expect: 3.0 -4.0 1.5 0.5 -0.5 1.4142135623730951
# expect: 2 4 0 0.12 2.67 1200.0
# expect: 7 1200 1200 1400
# expect: 3 -3 3.0 0.001 -inf -42 255
# expect: True True True True False
# expect: 4.5 2.5 4.0 inf
# expect: False True 0.9999999999999999
