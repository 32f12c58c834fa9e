def read_config(path):
    raise FileNotFoundError(path)


def load_defaults():
    try:
        read_config("settings.ini")
    except FileNotFoundError:
        fallback = {}
        return fallback["timeout"]


def start(service):
    try:
        load_defaults()
    except KeyError as err:
        raise RuntimeError("cannot start " + service) from err


def main():
    try:
        start("web")
    except RuntimeError:
        raise TypeError("giving up")


main()
