VALUE = 41
print('late imported')
