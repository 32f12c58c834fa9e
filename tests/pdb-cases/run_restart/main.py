import sys
count = len(sys.argv)
print(count)
