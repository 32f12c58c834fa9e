def show(number, nothing):
    text = "str"
    return number


show(7, None)
