import toolbox


def driver():
    answer = toolbox.twice(8)
    return answer


print(driver())
