def guarded(flag):
    try:
        if flag:
            return "early"
        value = "late"
    finally:
        print("finally for", flag)
    return value


def main():
    first = guarded(True)
    second = guarded(False)
    return first, second


print(main())
