def body():
    a = 1
    a = a + 10
    a = a + 100
    return a

print(body())
