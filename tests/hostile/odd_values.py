import sys
class Exits:
    def __repr__(self):
        raise SystemExit(5)
class Interrupts:
    def __repr__(self):
        raise KeyboardInterrupt
class Bad:
    def __repr__(self):
        raise ValueError('bad repr')
e, k, b = Exits(), Interrupts(), Bad()
huge = 10 ** 5000
x = 1
print('still running', x)
