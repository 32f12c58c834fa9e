import os, threading, time
for args in [('x',), (), (1, 2), (None,), (2 ** 70,)]:
    try:
        os._exit(*args)
    except (TypeError, OverflowError) as e:
        print('raised', type(e).__name__, flush=True)
def worker():
    print('thread exits', flush=True)
    os._exit(3)
threading.Thread(target=worker).start()
time.sleep(30)
print('not reached')
