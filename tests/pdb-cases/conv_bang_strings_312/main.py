def report(value):
    text = "value=%s" % value
    return text


print(report(12))
