class Account:
    def __init__(self, balance):
        self._balance = balance

    @property
    def balance(self):
        return self._balance

    @balance.setter
    def balance(self, value):
        self._balance = value


acct = Account(5)
acct.balance = acct.balance + 1
print(acct.balance)
