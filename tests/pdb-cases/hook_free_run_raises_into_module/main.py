def deep(n):
    if n == 0:
        raise ValueError('bottom')
    return deep(n - 1)


try:
    deep(50)
except ValueError as e:
    caught = str(e)
print(caught)
deep(3)
