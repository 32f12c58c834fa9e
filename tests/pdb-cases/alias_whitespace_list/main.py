def label(tag):
    text = "<%s>" % tag
    return text


print(label("x"))
