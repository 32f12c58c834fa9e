import functools

def logged(fn):
    @functools.wraps(fn)
    def wrapper(*args):
        result = fn(*args)
        return result
    return wrapper

@logged
def add(a, b):
    return a + b

print(add(2, 3))
