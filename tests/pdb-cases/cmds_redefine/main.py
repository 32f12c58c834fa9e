def greet(who):
    message = "hi " + who
    return message


for person in ["ann", "bob", "cy"]:
    print(greet(person))
