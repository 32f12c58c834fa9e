VALUE = 1

def explode():
    return {}["missing"]

explode()
