from collections import Counter

PRICES = {"tea": 450, "mug": 1200, "spoon": 150}


class Cart:
    def __init__(self):
        self.items = {}

    def add(self, sku, quantity=1):
        if sku in PRICES and quantity >= 1:
            self.items[sku] = self.items.get(sku, 0) + quantity
        else:
            raise ValueError("unknown sku or quantity below 1")

    def remove(self, sku, quantity=1):
        if sku not in self.items:
            return
        left = self.items[sku] - quantity
        if left > 0:
            self.items[sku] = left
        else:
            self.items.pop(sku, None)

    def count(self):
        total = 0
        for quantity in self.items.values():
            total += quantity
        return total

    def total(self):
        units = Counter(self.items)
        return sum(PRICES[sku] * units[sku] for sku in units)
