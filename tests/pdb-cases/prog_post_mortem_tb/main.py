import pdb


def fetch(table, key):
    entry = table[key]
    return entry


saved = None
try:
    fetch({"a": 1}, "b")
except KeyError as exc:
    saved = exc
print("handled", repr(saved))
pdb.post_mortem(saved.__traceback__)
print("after")
