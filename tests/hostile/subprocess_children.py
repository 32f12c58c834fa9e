import subprocess, sys
r = subprocess.run([sys.executable, '-c', 'import sys; print("child says", sys.argv[1:]); sys.exit(5)', 'a b'],
                   capture_output=True, text=True)
print('rc', r.returncode, 'out', r.stdout.strip())
subprocess.run([sys.executable, '-c', 'import sys; print("inherited out", flush=True); print("inherited err", file=sys.stderr)'])
env = subprocess.run([sys.executable, '-c', 'import os; print("PYTHONHOME" in os.environ, "LD_LIBRARY_PATH" in os.environ)'],
                     capture_output=True, text=True).stdout.strip()
print('env', env)
x = 1
print('end')
