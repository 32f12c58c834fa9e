import sys

def main():
    print("working")
    sys.exit(3)

main()
