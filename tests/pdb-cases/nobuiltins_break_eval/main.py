import types


def template(values):
    doubled = [v * 2 for v in values]
    return len(doubled)


bare = types.FunctionType(template.__code__, {})
print(bare([1, 2, 3]))
