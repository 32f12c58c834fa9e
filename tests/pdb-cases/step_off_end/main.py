def greet(name):
    text = "hello " + name
    print(text)
    return len(text)

def farewell():
    print("bye")
    return None

size = greet("ada")
farewell()
