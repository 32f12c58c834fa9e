import sys
events = []
def prof(frame, event, arg):
    if frame.f_code.co_filename == __file__:
        events.append((event, frame.f_code.co_name))
def f(x):
    y = x + 1
    return y
sys.setprofile(prof)
a = f(1)
b = f(2)
sys.setprofile(None)
print('profile events', events)
print('getprofile', sys.getprofile())
