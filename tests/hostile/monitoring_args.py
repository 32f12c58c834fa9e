import sys
m = sys.monitoring
E = m.events
code = sys._getframe().f_code
names = [n for n in dir(E) if n.isupper() and isinstance(getattr(E, n), int)
         and getattr(E, n) and getattr(E, n) & (getattr(E, n) - 1) == 0]
probed = 0
for name in names:
    ev = getattr(E, name)
    cb = m.register_callback(0, ev, None)
    if cb is None:
        continue
    probed += 1
    cases = [
        ('no arguments', lambda: cb()),
        ('code only', lambda: cb(code)),
        ('str for code', lambda: cb('code', 0)),
        ('str for code, 3 args', lambda: cb('code', 0, None)),
        ('None for code', lambda: cb(None, 0)),
        ('str for offset', lambda: cb(code, 'zero')),
        ('str for offset, 3 args', lambda: cb(code, 'zero', None)),
        ('too many', lambda: cb(code, 0, None, None, None)),
        ('a keyword', lambda: cb(code, 0, extra=1)),
    ]
    for case, call in cases:
        try:
            call()
            print(name, case, 'NO ERROR')
        except TypeError:
            pass
        except BaseException as e:
            print(name, case, 'WRONG', type(e).__name__, e)
    m.register_callback(0, ev, cb)
print('probed', probed > 3)
reached = 'the line after'
print('all probed')
