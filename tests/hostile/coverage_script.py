def used(x):
    y = x * 2
    return y

def unused():
    return 'never'

total = 0
for i in range(3):
    total += used(i)
if total > 100:
    print('big')
print('total', total)
