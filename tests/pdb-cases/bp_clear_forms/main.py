def shout(word):
    loud = word.upper()
    print(loud)
    return loud


for w in ["a", "b", "c"]:
    shout(w)
print("done")
