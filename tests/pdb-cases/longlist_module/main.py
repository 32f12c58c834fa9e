first = 1
import sys
second = 2
third = first + second
print(third)
