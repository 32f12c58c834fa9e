import dis


def target(x):
    y = x + 1
    return y


def look():
    code = target.__code__
    info = [line for line in dis.code_info(code).splitlines() if "Stack size" in line]
    copy = code.replace(co_name="copy")
    return code.co_stacksize, copy.co_stacksize, info, copy(1) if False else copy.co_name


def main():
    seen = look()
    return seen, target(1)


print(main())
