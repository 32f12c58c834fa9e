import atexit, threading, time
def bye():
    with open('atexit.txt', 'w') as f:
        f.write('atexit ran')
atexit.register(bye)
def late():
    time.sleep(0.5)
    with open('thread.txt', 'w') as f:
        f.write('thread finished')
threading.Thread(target=late).start()
buffered = open('buffered.txt', 'w')
buffered.write('never closed, never flushed')
marker = 1
print('main done')
