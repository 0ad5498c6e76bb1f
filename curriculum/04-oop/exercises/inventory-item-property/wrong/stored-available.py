class InventoryItem:
    def __init__(self, sku, quantity):
        if quantity < 0:
            raise ValueError("quantity cannot be negative")
        self.sku = sku
        self._reserved = 0
        self._quantity = quantity
        self.available = quantity
        self.in_stock = quantity > 0

    @property
    def quantity(self):
        return self._quantity

    @quantity.setter
    def quantity(self, value):
        if value < 0 or value < self._reserved:
            raise ValueError("invalid quantity")
        self._quantity = value

    def reserve(self, n):
        if n < 1 or n > self.available:
            raise ValueError("cannot reserve")
        self._reserved += n
        self.available -= n
