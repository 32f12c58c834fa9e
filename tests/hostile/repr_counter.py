class C:
    count = 0
    def __repr__(self):
        C.count += 1
        return 'C()'
def make(arg):
    c = C()
    return c
def wrap():
    d = make(C())
    return d
a = C()
b = [C(), C()]
e = wrap()
e = wrap()
f = {1: C()}
print('reprs', C.count)
