def noop(flag):
    state = "idle"
    return state


noop(True)
