class Registry:
    kinds = []
    kinds.append("first")
    limit = len(kinds)

    def add(self, kind):
        self.kinds.append(kind)
        return len(self.kinds)


shout = lambda s: s.upper() + "!"
print(Registry().add("second"), shout("hey"))
