import threading, time
def worker():
    breakpoint()
    y = 2
    with open('thread_after.txt', 'w') as f:
        f.write('the thread ran on')
threading.Thread(target=worker).start()
time.sleep(30)
with open('main_after.txt', 'w') as f:
    f.write('the main thread ran on')
