# -*- coding: utf-8 -*-
def grüße(name):
    message = "Grüß dich, " + name + " ☕"
    return message

名前 = "Zoë"
print(grüße(名前))
