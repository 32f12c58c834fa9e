def parse(text):
    fields = text.split(",")
    number = int(fields[1])
    return number


def load():
    rows = ["a,1", "b,x"]
    return [parse(r) for r in rows]


load()
