import functools


def traced(fn):
    @functools.wraps(fn)
    def wrapper(*args):
        return fn(*args)
    return wrapper


@traced
def described(x):
    """Doc line."""
    # comment
    if x > 1:
        return "big"
    else:
        return "small"


result = described(
    5
)
print(result)
