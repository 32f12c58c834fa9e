import types


def run():
    src = "def f():\n    return 7\n"
    code = compile(src, 'late.py', 'exec').co_consts[0]
    return types.FunctionType(code, {})()


print(run())
