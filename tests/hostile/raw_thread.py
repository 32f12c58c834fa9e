import _thread, time
done = []
def work(n):
    total = n * 2
    done.append(total)
_thread.start_new_thread(work, (21,))
while not done:
    time.sleep(0.01)
print('done', done)
