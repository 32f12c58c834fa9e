def handle(job):
    status = "ok:" + job
    return status


for job in ["x", "yy"]:
    print(handle(job))
