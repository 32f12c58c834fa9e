class Account:
    def __init__(self, balance):
        self.balance = balance

    def withdraw(self, amount):
        if amount > self.balance:
            raise ValueError("insufficient funds: %d" % self.balance)
        self.balance -= amount

def run():
    acct = Account(10)
    for amount in (3, 4, 5):
        acct.withdraw(amount)

run()
