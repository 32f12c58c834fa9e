def deepest():
    raise RuntimeError("boom")

def middle():
    deepest()

def top():
    try:
        middle()
    except RuntimeError as err:
        return str(err)

print(top())
