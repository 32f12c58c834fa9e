import types

SOURCE = '''
def scale(items, factor):
    out = []
    for it in items:
        out.append(it * factor)
    return out
'''

namespace = {}
exec(compile(SOURCE, "generated_scale", "exec"), namespace)
isolated = types.FunctionType(namespace["scale"].__code__, {"factor_hint": 3})
result = isolated([1, 2], 3)
print(result)
