try:
    1 / 0
except ZeroDivisionError as e:
    print('caught', e)
try:
    [][1]
except (KeyError, IndexError) as e:
    print(type(e).__name__, e)
try:
    {}['missing']
except LookupError as e:
    print('lookup', repr(e), e)
try:
    int('x')
except Exception as e:
    print('generic', e)
else:
    print('no else')
finally:
    print('finally 1')
try:
    pass
except ValueError:
    print('never')
else:
    print('else runs')
finally:
    print('finally 2')
def f():
    try:
        return 'from try'
    finally:
        print('cleanup')
print(f())
try:
    try:
        raise ValueError('inner')
    except ValueError:
        print('handling')
        raise
except ValueError as e:
    print('re-raised', e)
try:
    raise KeyError('k')
except KeyError as e:
    print(e, e.args)
try:
    assert 1 > 2, 'math is broken'
except AssertionError as e:
    print('assert:', e)
try:
    raise TypeError
except TypeError as e:
    print('bare class', repr(e))
print(isinstance(ValueError('x'), Exception), str(RuntimeError('r')))
# expect: caught division by zero
# expect: IndexError list index out of range
# expect: lookup KeyError('missing') 'missing'
# expect: generic invalid literal for int() with base 10: 'x'
# expect: finally 1
# expect: else runs
# expect: finally 2
# expect: cleanup
# expect: from try
# expect: handling
# expect: re-raised inner
# expect: 'k' ('k',)
# expect: assert: math is broken
# expect: bare class TypeError()
# expect: True r
