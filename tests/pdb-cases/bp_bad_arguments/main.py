import os

VALUE = 1


def helper():
    # just a comment
    return VALUE


def unused():
    return VALUE + 1


helper()
