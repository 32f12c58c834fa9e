def leaf(depth):
    here = depth + 1
    return here


def branch(depth):
    local_mark = "branch"
    return leaf(depth)


print(branch(1))
print(branch(2))
