def explode():
    raise ValueError("explode")


print("starting")
explode()
