import bdb
def f():
    x = 1
    return x
try:
    f()
except bdb.BdbQuit as e:
    print('caught', issubclass(type(e), bdb.BdbQuit))
    with open('caught.txt', 'w') as out:
        out.write('caught')
print('ran on')
with open('ran_on.txt', 'w') as out:
    out.write('ran on')
