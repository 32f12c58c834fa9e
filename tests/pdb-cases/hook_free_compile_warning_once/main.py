def work():
    return 1
import lib
work()
print("end")
