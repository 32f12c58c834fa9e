print("help only")
