import signal, time
class Alarm(Exception):
    pass
def on_alarm(signum, frame):
    raise Alarm('alarm fired')
signal.signal(signal.SIGALRM, on_alarm)
signal.alarm(1)
try:
    x = 1
    y = 2
except Alarm as e:
    print('caught', e)
print('end')
