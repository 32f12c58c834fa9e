def call_in_pieces():
    def sink(*parts):
        return len(parts)
    count = sink(
        "one",
        "two",
    )
    return count


print(call_in_pieces())
