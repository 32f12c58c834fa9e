def twice(n):
    doubled = n * 2
    return doubled
