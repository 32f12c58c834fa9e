def make_counter():
    count = 0
    def inc(step=1):
        nonlocal count
        count += step
        return count
    return inc

c = make_counter()
c()
sq = lambda v: v * v
print(c(2), sq(c()))
