import threading, time
def w(tag):
    x = tag
    return x
def worker(stop):
    while not stop.is_set():
        w("thread")
def spin():
    s = 0
    for i in range(300000):
        s += i
    return w("main")
def dead(stop):
    t = threading.Thread(target=worker, args=(stop,), daemon=True)
    t.start()
    r = spin()
    stop.set()
    t.join()
    return r
print(dead(threading.Event()))
