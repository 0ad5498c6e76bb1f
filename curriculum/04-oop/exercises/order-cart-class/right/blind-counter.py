PRICES = {"tea": 450, "mug": 1200, "spoon": 150}
class Cart:
    def __init__(self):
        self.items = {}
    def add(self, sku, quantity=1):
        if sku not in PRICES:
            raise ValueError(f"unknown sku {sku!r}")
        if quantity < 1:
            raise ValueError("quantity must be at least 1")
        self.items[sku] = self.items.get(sku, 0) + quantity
    def remove(self, sku, quantity=1):
        left = self.items.get(sku, 0) - quantity
        if sku not in self.items:
            return
        if left > 0:
            self.items[sku] = left
        else:
            self.items.pop(sku)
    def count(self):
        return sum(self.items.values())
    def total(self):
        return sum(PRICES[sku] * qty for sku, qty in self.items.items())
