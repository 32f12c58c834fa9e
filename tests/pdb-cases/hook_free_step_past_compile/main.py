def work():
    return sum(range(10))

work()
x = 1
c = compile("1+1", "x.py", "eval")
print(c.co_filename)
print(exec)
