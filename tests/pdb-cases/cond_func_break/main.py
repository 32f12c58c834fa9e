def power(base, e):
    if e == 0:
        return 1
    half = power(base, e // 2)
    if e % 2:
        return half * half * base
    return half * half

print(power(3, 5))
