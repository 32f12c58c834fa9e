import sys


def load_fake_frozen():
    with open("fakemod.py") as f:
        source = f.read()
    code = compile(source, "<frozen fakemod>", "exec")
    mod = type(sys)("fakemod")
    mod.__file__ = "fakemod.py"
    exec(code, mod.__dict__)
    return mod


fake = load_fake_frozen()
answer = fake.compute(4)
print(answer)
