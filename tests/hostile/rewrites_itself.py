import sys
src = open(__file__).read()
old, new = 'VERSION' + ' = 1', 'VERSION' + ' = 2\nextra = "new line"'
if old in src:
    open(__file__, 'w').write(src.replace(old, new))
VERSION = 1
print('version', VERSION)
