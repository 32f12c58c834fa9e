class Bad:
    def __del__(self):
        raise RuntimeError('from __del__ at shutdown')
keep = Bad()
keep.me = keep
print('end')
