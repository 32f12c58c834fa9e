import os, sys
pid = os.fork()
if pid == 0:
    if sys.argv[1] == 'exit':
        sys.exit(3)
    raise ValueError('child boom')
_, status = os.waitpid(pid, 0)
print('child status', os.waitstatus_to_exitcode(status), flush=True)
