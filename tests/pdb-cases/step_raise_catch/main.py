def parse(word):
    if not word.isdigit():
        raise ValueError("not a number: " + word)
    return int(word)

def total(words):
    result = 0
    for w in words:
        try:
            result += parse(w)
        except ValueError as e:
            print("skipped", e)
    return result

print(total(["3", "x", "4"]))
