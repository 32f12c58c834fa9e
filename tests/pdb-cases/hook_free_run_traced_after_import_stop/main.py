def helper():
    import late
    x = late.VALUE + 1
    return x


def load():
    return helper()


print(load())
print('end')
