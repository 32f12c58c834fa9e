"""``python -m rdb script.py [args]``: the ``rdb`` command."""

from rdb import main

main()
