import builtins
import inspect


def work():
    return sum(i * i for i in range(100))


def uses_builtins():
    y = 3
    exec("print('exec sees', y)")
    print('eval sees', eval("y + x"))
    flags = compile("from __future__ import annotations\nz: int", "<s>", "exec").co_flags
    print('compile inherits nothing', flags & 0x1000000 != 0)
    print(exec.__name__, exec.__qualname__, exec.__module__, exec.__self__ is builtins)
    print(inspect.signature(compile))
    print(exec is builtins.exec, eval is builtins.eval, compile is builtins.compile)
    return eval("y * 2", {"y": 21})


x = 5
work()
print(uses_builtins())
print('end')
