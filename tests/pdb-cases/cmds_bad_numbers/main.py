def label(n):
    text = "n=%d" % n
    return text


print(label(1))
print(label(2))
