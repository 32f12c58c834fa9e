import threading
def bad():
    raise ValueError('thread boom')
t = threading.Thread(target=bad)
t.start(); t.join()
seen = []
threading.excepthook = lambda args: seen.append(args.exc_type.__name__)
t = threading.Thread(target=bad)
t.start(); t.join()
print('hook saw', seen)
