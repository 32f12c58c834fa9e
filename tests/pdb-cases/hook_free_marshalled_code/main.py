import marshal, subprocess, sys
src = "def f():\n    a = 1\n    b = 2\n    return a + b\n"
data = subprocess.run([sys.executable, "-c", "import marshal,sys; sys.stdout.buffer.write(marshal.dumps(compile(sys.argv[1], 'm.py', 'exec')))", src], capture_output=True).stdout
ns = {}
exec(marshal.loads(data), ns)
def work():
    return ns["f"]()
x = 0
print(work())
print('end')
