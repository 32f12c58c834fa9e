def one_liner(): return 1

def blank_first():

    return 2

def comment_first():
    # a comment before the body
    global counter
    counter = 3

def generator():
    yield 4

class Box:
    def method(self):
        return 5

    @staticmethod
    def static():
        return 6


one_liner()
blank_first()
comment_first()
list(generator())
Box().method()
Box.static()
