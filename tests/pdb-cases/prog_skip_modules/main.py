import pdb
import skipped_helper


def callback(v):
    return v + 1


def drive():
    pdb.Pdb(skip=["skipped_*"]).set_trace()
    result = skipped_helper.apply(callback, 5)
    return result


print(drive())
