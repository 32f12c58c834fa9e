import sys
t = sys.gettrace()
print('tracer is set', t is not None)
f = sys._getframe()
def finished():
    return sys._getframe()
dead = finished()
must_raise = [
    ('non-frame', lambda: t(1, 'line', None)),
    ('none-frame', lambda: t(None, 'line', None)),
    ('code-for-frame', lambda: t(f.f_code, 'line', None)),
    ('non-str event', lambda: t(f, 5, None)),
    ('bytes event', lambda: t(f, b'line', None)),
    ('none event', lambda: t(f, None, None)),
    ('unknown event', lambda: t(f, 'bogus', None)),
    ('empty event', lambda: t(f, '', None)),
    ('no arguments', lambda: t()),
    ('one argument', lambda: t(f)),
    ('two arguments', lambda: t(f, 'line')),
    ('four arguments', lambda: t(f, 'line', None, None)),
    ('a keyword', lambda: t(f, 'line', arg=None)),
    ('all keywords', lambda: t(frame=f, event='line', arg=None)),
    ('exception arg None', lambda: t(f, 'exception', None)),
    ('exception arg int', lambda: t(f, 'exception', 5)),
    ('exception arg short', lambda: t(f, 'exception', (ValueError,))),
]
for name, call in must_raise:
    try:
        call()
        print(name, 'NO ERROR')
    except TypeError:
        print(name, 'TypeError')
    except BaseException as e:
        print(name, 'WRONG', type(e).__name__, e)
# Well-typed calls that CPython would never make: anything but a crash.
for name, call in [
    ('line on a finished frame', lambda: t(dead, 'line', None)),
    ('call on a finished frame', lambda: t(dead, 'call', None)),
    ('exception with junk', lambda: t(f, 'exception', (1, 2, 3))),
    ('str subclass event', lambda: t(f, type('S', (str,), {})('line'), None)),
]:
    try:
        call()
    except Exception as e:
        pass
    print(name, 'survived')
print('all probed')
