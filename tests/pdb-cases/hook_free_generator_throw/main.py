import lib2
g = lib2.gen()
next(g)
x = 1
print(g.throw(ValueError("boom")))
print("end")
