def handler():
    try:
        raise ValueError("Correct")
    except ValueError:
        marker = True
        return marker


handler()
