def work(n):
    doubled = n * 2
    return doubled
