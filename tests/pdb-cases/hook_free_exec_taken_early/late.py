y = 1
print("late", y)
