import types, pathlib


def run():
    src = "def f():\n    return 7\n"
    code = compile(src, pathlib.Path('late.py'), 'exec').co_consts[0]
    return types.FunctionType(code, {})()


print(run())
