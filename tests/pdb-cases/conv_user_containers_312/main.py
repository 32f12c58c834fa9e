def gather(n):
    bucket = list(range(n))
    return bucket


print(gather(4))
