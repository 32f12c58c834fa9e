def ratio(top, bottom):
    scaled = top * 10
    result = scaled / bottom
    return result


ratio(5, 0)
