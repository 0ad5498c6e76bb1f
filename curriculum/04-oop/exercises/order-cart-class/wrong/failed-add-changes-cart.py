PRICES = {"tea": 450, "mug": 1200, "spoon": 150}


class Cart:
    """Skus mapped to quantities, priced from PRICES."""

    def __init__(self):
        self.items = {}

    def add(self, sku, quantity=1):
        self.items[sku] = self.items.get(sku, 0) + quantity
        if sku not in PRICES:
            raise ValueError(f"unknown sku {sku!r}")
        if quantity < 1:
            raise ValueError("quantity must be at least 1")

    def remove(self, sku, quantity=1):
        if sku not in self.items:
            return
        remaining = self.items[sku] - quantity
        if remaining <= 0:
            del self.items[sku]
        else:
            self.items[sku] = remaining

    def count(self):
        return sum(self.items.values())

    def total(self):
        return sum(PRICES[sku] * quantity for sku, quantity in self.items.items())
