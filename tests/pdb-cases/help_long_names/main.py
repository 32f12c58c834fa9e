def ping(host):
    reply = "pong from " + host
    return reply


print(ping("local"))
