import helper


def g(i):
    helper.f(i)
    x = i + 1
    return x


for i in range(3):
    g(i)
print('done')
