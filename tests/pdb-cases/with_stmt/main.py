class Managed:
    def __enter__(self):
        print("enter")
        return self

    def __exit__(self, *exc):
        print("exit")
        return False

with Managed() as m:
    value = 42
print(value)
