x = 1
if x is 1:
    y = 2
