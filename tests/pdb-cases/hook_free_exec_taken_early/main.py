run = exec
def work():
    return sum(range(10))

def load():
    code = compile(open("late.py").read(), "late.py", "exec")
    run(code, {})

work()
load()
print("done")
