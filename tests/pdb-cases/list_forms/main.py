import helper_list


def long_function(arg):
    helper_list.nothing()
    "line 6"
    "line 7"
    "line 8"
    "line 9"
    "line 10"
    "line 11"
    "line 12"
    "line 13"
    "line 14"
    "line 15"
    "line 16"
    return arg


def starter():
    value = long_function("x")
    return value


starter()
