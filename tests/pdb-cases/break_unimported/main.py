def main():
    import late_mod
    return late_mod.work(3)


print(main())
