import pdb


def parse_age(text):
    age = int(text)
    return age


def load(rows):
    ages = []
    for row in rows:
        ages.append(parse_age(row))
    return ages


try:
    load(["12", "x9"])
except ValueError:
    pdb.post_mortem()
print("program goes on")
