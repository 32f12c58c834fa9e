import pdb


def job():
    state = "ready"
    pdb.set_trace(header="*** custom header ***")
    return state


print(job())
