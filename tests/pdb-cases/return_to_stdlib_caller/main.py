import pprint


class Token:
    def __repr__(self):
        return "Token<7>"


def show():
    pprint.pprint([Token()])


show()
