import faulthandler, sys, gc
faulthandler.enable()
print('enabled', faulthandler.is_enabled())
log = []
def cb(phase, info):
    log.append(phase)
gc.callbacks.append(cb)
class D:
    def __del__(self):
        print('del ran', flush=True)
        open('del.txt', 'w').write('del')
def make_cycle():
    d = D()
    d.self = d
make_cycle()
x = 1
print('x', x, 'gc phases', sorted(set(log)))
faulthandler.dump_traceback(file=sys.stderr)
