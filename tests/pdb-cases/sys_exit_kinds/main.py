import sys

mode = sys.argv[1] if len(sys.argv) > 1 else "int"
print("mode", mode)
if mode == "int":
    sys.exit(3)
elif mode == "str":
    sys.exit("a message")
elif mode == "none":
    sys.exit()
else:
    raise SystemExit(0)
