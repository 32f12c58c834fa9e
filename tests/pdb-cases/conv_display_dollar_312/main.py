def first_stage(data):
    cleaned = [d.strip() for d in data]
    return second_stage(cleaned)


def second_stage(items):
    joined = "|".join(items)
    return joined


print(first_stage([" a", "b "]))
