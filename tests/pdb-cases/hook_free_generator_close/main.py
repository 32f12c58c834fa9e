import lib2
g = lib2.gen2()
next(g)
x = 1
g.close()
print("closed")
