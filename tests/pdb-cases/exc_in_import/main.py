import broken

print("never")
