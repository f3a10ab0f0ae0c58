rmse = 0.86512345
n = 25000
name = 'movie'
print(f"{rmse:.4f}", f"{n:,}", f"{n:_}", f"{rmse:.2%}", f"{n:e}", f"{rmse:g}", f"{1e-7:g}")
print(f"{name!r}", f"{name:>8}|", f"{name:<8}|", f"{name:^9}|", f"{name:*^9}")
print(f"{n:08d}", f"{-n:+d}", f"{n:+d}", f"{255:x}", f"{255:#X}", f"{5:#b}", f"{8:o}")
width = 10
prec = 3
print(f"{rmse:{width}.{prec}f}|", f"{{literal}}", f"{n + 1=}", f"{[1, 2][0]}", f"{'q' * 2}")
print(f"{3.0:.3}", f"{1234.5:.2}", f"{-0.0}", f"{1.5:5}", f"{True}", f"{None}", f"{True:>6}")
d = {'k': 'v'}
print(f"{d['k']}", f"{len(d)}", f'{d}', f"{3.14159:.2f}")
print(format(0.8651, '.2f'), format(12345.678, ','), format(1234567, ',d'), format('x', '>3'))
print('{} and {}'.format('a', 'b'), '{1}{0}'.format('a', 'b'), '{name}:{v:.1f}'.format(name='x', v=2.25))
print('{:>10}|{:<5}|{:^7}|{:08.3f}|{:,}|{:.2%}|{:e}'.format('a', 'b', 'c', 3.14159, 1234567, 0.256, 12345.678))
print('{0[1]} {0[0]}'.format(['x', 'y']), '{!r}'.format('s'), '{{}}'.format())
print('%5.2f|%-4d|%s|%r|%x|%05d|%+d|%e|%g|%%' % (3.14159, 7, 'hi', 'hi', 255, 42, 5, 0.5, 1e-6))
print('%s' % 'solo', '%(a)s-%(b)d' % {'a': 'A', 'b': 2}, '%d%%' % 50)
# expect: 0.8651 25,000 25_000 86.51% 2.500000e+04 0.865123 1e-07
# expect: 'movie'    movie| movie   |   movie  | **movie**
# expect: 00025000 -25000 +25000 ff 0XFF 0b101 10
# expect:      0.865| {literal} n + 1=25001 1 qq
# expect: 3.0 1.2e+03 -0.0   1.5 True None      1
# expect: v 1 {'k': 'v'} 3.14
# expect: 0.87 12,345.678 1,234,567   x
# expect: a and b ba x:2.2
# expect:          a|b    |   c   |0003.142|1,234,567|25.60%|1.234568e+04
# expect: y x 's' {}
# expect:  3.14|7   |hi|'hi'|ff|00042|+5|5.000000e-01|1e-06|%
# expect: solo A-2 50%
