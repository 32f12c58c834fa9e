from pkg import tools

a = tools.double(5)
b = tools.triple(a)
print(a, b)
