def compute(n):
    marker = "inside fake frozen module"
    result = n * n
    return result
