def grouped():
    try:
        raise ExceptionGroup("many", [KeyError("k"), ValueError("v")])
    except* KeyError as e:
        print("keys", e.exceptions)
    except* ValueError:
        print("values")
    return "done"


grouped()
