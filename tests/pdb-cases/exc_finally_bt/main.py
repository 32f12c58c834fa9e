def fragile():
    try:
        1 / 0
    finally:
        print("cleanup ran")


def driver():
    fragile()
    print("unreachable")


try:
    driver()
except ZeroDivisionError:
    print("caught at top")
