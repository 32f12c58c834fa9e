import os, sys
print("no newline", end="")
x = 1
os.write(1, b"raw write\n")
print("buffered")
os.write(1, b"raw again\n")
sys.stdout.write("partial")
y = 2
print("end")
