print("the wrong file ran")
