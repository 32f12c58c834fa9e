import pdb
import sys


def validate(values):
    problems = [ValueError("negative: %d" % v) for v in values if v < 0]
    if problems:
        raise ExceptionGroup("validation failed", problems)
    return values


def main():
    try:
        {}["schema"]
    except KeyError:
        validate([3, -1, -4])


try:
    main()
except ExceptionGroup as group:
    print("caught", group)
    pdb.post_mortem(group if sys.version_info >= (3, 13) else group.__traceback__)
print("after post mortem")
