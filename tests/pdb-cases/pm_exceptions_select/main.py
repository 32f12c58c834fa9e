def divide():
    try:
        1 / 0
    finally:
        print("finally ran")


def wrap():
    try:
        divide()
    except ZeroDivisionError as e:
        raise ValueError("wrapped") from e


wrap()
