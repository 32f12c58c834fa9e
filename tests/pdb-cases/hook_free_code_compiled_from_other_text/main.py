ns = {}
exec(compile("\n" + open("lib.py").read(), "lib.py", "exec"), ns)
def g():
    return ns["f"]()
print(g())
