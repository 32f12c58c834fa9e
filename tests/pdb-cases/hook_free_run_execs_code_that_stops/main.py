def run():
    src = "def f():\n    return 7\n"
    ns = {}
    exec(compile(src, 'late.py', 'exec'), ns)
    return ns['f']()


print(run())
