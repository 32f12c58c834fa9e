import sys, threading
seen = []
def mytrace(frame, event, arg):
    if frame.f_code.co_name == 'work':
        seen.append(event)
    return mytrace
def work(n):
    total = n * 2
    return total
threading.settrace(mytrace)
print('gettrace', threading.gettrace() is mytrace)
t = threading.Thread(target=work, args=(21,))
t.start()
t.join()
threading.settrace(None)
print('thread tracer saw', seen)
