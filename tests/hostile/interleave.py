import sys
for i in range(5):
    print('out', i, flush=True)
    print('err', i, file=sys.stderr, flush=True)
print('unflushed out')
print('unflushed err', file=sys.stderr)
x = 1
raise SystemExit('bye')
