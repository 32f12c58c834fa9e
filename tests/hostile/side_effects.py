calls = {'cond': 0, 'disp': 0}
def cond(i):
    calls['cond'] += 1
    return i % 3 == 0
def disp():
    calls['disp'] += 1
    return calls['disp']
def work(i):
    v = i * 2
    return v
total = 0
for i in range(10):
    total += work(i)
print('calls', calls['cond'], calls['disp'], total)
