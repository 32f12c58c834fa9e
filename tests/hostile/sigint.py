import os, signal, time
hits = []
def handler(signum, frame):
    hits.append(signum)
    print('handler ran', signum, flush=True)
signal.signal(signal.SIGINT, handler)
os.kill(os.getpid(), signal.SIGINT)
time.sleep(0.1)
os.kill(os.getpid(), signal.SIGINT)
time.sleep(0.1)
print('hits', hits, signal.getsignal(signal.SIGINT) is handler)
signal.signal(signal.SIGINT, signal.default_int_handler)
try:
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(1)
    print('no KeyboardInterrupt')
except KeyboardInterrupt:
    print('KeyboardInterrupt raised')
print('end')
