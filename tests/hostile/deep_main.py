import sys
sys.setrecursionlimit(200000)
def down(n):
    if n == 0:
        return 0
    return down(n - 1) + 1
print('depth', down(int(sys.argv[1])))
