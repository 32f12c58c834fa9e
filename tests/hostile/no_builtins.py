import types
def template(a):
    b = a + 1
    try:
        c = len([b])
    except NameError as e:
        c = str(e)
    return c
g = {}
bare = types.FunctionType(template.__code__, g)
r = bare(5)
print('result', r, sorted(g))
