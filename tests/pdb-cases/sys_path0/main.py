import os
import sys
print("sys.path[0] is", sys.path[0])
print("same as cwd:", os.path.realpath(sys.path[0]) == os.path.realpath(os.getcwd()))
print("argv0:", sys.argv[0])
print("name:", __name__)
print("file:", __file__)
