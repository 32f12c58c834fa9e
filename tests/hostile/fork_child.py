import os, atexit
def work(tag):
    value = tag * 2
    return value
pid = os.fork()
if pid == 0:
    atexit.register(lambda: open('child_atexit.txt', 'w').write('child atexit'))
    open('child.txt', 'w').write('child %d' % work(21))
    print('child done', flush=True)
else:
    _, status = os.waitpid(pid, 0)
    print('child status', os.waitstatus_to_exitcode(status), flush=True)
    print('parent', work(5))
print('end of module', 'child' if pid == 0 else 'parent', flush=True)
