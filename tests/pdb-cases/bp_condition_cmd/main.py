def step_of(i):
    sq = i * i
    return sq


out = 0
for i in range(8):
    out += step_of(i)
print(out)
