def work():
    acc = []
    for i in range(5):
        acc.append(i * i)
    done = len(acc)
    return done

work()
print("after")
