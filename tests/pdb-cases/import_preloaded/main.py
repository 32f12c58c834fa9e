# Stepping onto imports of modules pdb itself has already imported runs no code under
# pdb, so `s` goes to the next line; a module nobody imported yet is stepped into.
import string
import glob
import codeop
import runpy
import cmd
import pdb
import mymod

letters = string.ascii_lowercase[:3]
print(letters, mymod.VALUE)
