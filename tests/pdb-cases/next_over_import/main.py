import helper_mod
value = helper_mod.compute(4)
from helper_mod import compute
print(compute(value))
