import os
print("the right file ran")
os.chdir("subdir")
