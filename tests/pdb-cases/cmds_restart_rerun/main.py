def work(k):
    doubled = k * 2
    return doubled


print(work(21))
