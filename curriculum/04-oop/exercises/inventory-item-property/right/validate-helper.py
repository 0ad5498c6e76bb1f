class InventoryItem:
    def __init__(self, sku, quantity):
        self.sku = sku
        self._reserved = 0
        self._quantity = self._checked(quantity)

    def _checked(self, value):
        if value < max(0, self._reserved):
            raise ValueError("quantity below zero or below what is reserved")
        return value

    def _get_quantity(self):
        return self._quantity

    def _set_quantity(self, value):
        self._quantity = self._checked(value)

    quantity = property(_get_quantity, _set_quantity)

    @property
    def available(self):
        return self.quantity - self._reserved

    @property
    def in_stock(self):
        return not self.available < 1

    def reserve(self, n):
        if not 1 <= n <= self.available:
            raise ValueError("cannot reserve that many")
        self._reserved = self._reserved + n
