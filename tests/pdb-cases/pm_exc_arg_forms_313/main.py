def convert(raw):
    try:
        return int(raw)
    except ValueError as exc:
        raise LookupError("no such code: " + raw) from exc


convert("A7")
