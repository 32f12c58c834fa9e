def area(w, h):
    result = w * h
    return result


print(area(3, 4))
