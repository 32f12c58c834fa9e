import threading, time
state = {'go': True, 'n': 0, 'until': time.time() + 5}
def spin():
    while state['go'] and time.time() < state['until']:
        state['n'] += 1
        time.sleep(0.001)
t = threading.Thread(target=spin)
t.start()
time.sleep(0.2)
breakpoint()
time.sleep(0.5)
state['go'] = False
t.join()
print('spun', state['n'] > 0)
