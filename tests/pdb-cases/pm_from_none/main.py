def main():
    try:
        raise TypeError("suppressed")
    except Exception:
        raise ValueError("no context shown") from None


main()
