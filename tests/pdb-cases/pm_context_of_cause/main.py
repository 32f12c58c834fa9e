def main():
    try:
        raise TypeError("first context")
    except Exception:
        try:
            raise LookupError("root cause")
        except Exception as inner:
            saved = inner
        raise ValueError("cause with context") from saved


main()
