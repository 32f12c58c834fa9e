def step_a():
    return "a"


def step_b():
    return "b"


print(step_a() + step_b())
