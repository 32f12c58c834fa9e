import sys, threading
sys.setrecursionlimit(200000)
threading.stack_size(512 * 1024 * 1024)
result = []
def down(n):
    if n == 0:
        return 0
    return down(n - 1) + 1
def run():
    result.append(down(100000))
t = threading.Thread(target=run)
t.start()
t.join()
print('depth', result)
