class Worker:
    def __init__(self, name):
        self.name = name

    def run(self, hours):
        done = hours * 2
        return "%s did %d" % (self.name, done)

    @staticmethod
    def rest():
        return "resting"
