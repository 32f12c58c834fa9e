import sys
a = input('first? ')
print('got', a)
line = sys.stdin.readline()
print('read', repr(line))
b = input()
print('got', b)
