PRICES = {"tea": 450, "mug": 1200, "spoon": 150}


class Cart:
    def __init__(self):
        # Your code here
        pass

    def add(self, sku, quantity=1):
        pass

    def remove(self, sku, quantity=1):
        pass

    def count(self):
        pass

    def total(self):
        pass
