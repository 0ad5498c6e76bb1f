class InventoryItem:
    """Units on the shelf and units reserved, kept consistent by properties."""

    def __init__(self, sku, quantity):
        self.sku = sku
        self._reserved = 0
        self.quantity = quantity          # through the setter: validated

    @property
    def quantity(self):
        return self._quantity

    @quantity.setter
    def quantity(self, value):
        old = getattr(self, "_quantity", None)
        self._quantity = value
        if value < 0:
            raise ValueError("quantity cannot be negative")
        if value < self._reserved:
            raise ValueError(f"{self._reserved} units are reserved; quantity cannot be {value}")

    @property
    def available(self):
        return self._quantity - self._reserved

    @property
    def in_stock(self):
        return self.available > 0

    def reserve(self, n):
        if n < 1:
            raise ValueError("reserve at least one unit")
        if n > self.available:
            raise ValueError(f"only {self.available} units available")
        self._reserved += n
