def main():
    raise RuntimeError("outer") from RuntimeError("never raised")


main()
