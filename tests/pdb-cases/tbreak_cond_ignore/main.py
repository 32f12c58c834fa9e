def poll(i):
    status = "tick %d" % i
    return status


for i in range(8):
    poll(i)
print("polled")
