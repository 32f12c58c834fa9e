def risky(values):
    try:
        return values[10]
    finally:
        print("cleanup")


def caller():
    data = [1, 2, 3]
    return risky(data)


caller()
