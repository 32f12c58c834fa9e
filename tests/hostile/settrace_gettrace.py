import sys
def f(x):
    sys.settrace(sys.gettrace())
    y = x + 1
    return y
a = f(1)
sys.settrace(sys.gettrace())
b = f(a)
print('done', a, b)
