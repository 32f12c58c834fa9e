"""A small module for the source command."""


class Helper:
    """Runs things."""

    def run(self, value):
        return value * 3


LIMIT = 7
