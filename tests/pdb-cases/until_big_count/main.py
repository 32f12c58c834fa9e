def body():
    x = 1
    y = 2
    return x + y


print(body())
print("tail")
