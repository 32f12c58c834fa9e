def double(x):
    return 2 * x

nums = [double(i) for i in range(3)]
evens = {i: i % 2 == 0 for i in nums}
total = sum(x for x in nums if x > 0)
print(nums, evens, total)
