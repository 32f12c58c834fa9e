def describe():
    name = "pi"
    value = 3.14

    def fmt():
        '''formatted'''
        print(f"name: {name!r}",
              f"value: {value!r}",
              sep=" ")

    fmt()


describe()
