class InventoryItem:
    __slots__ = ("sku", "_qty", "_held")

    def __init__(self, sku, quantity):
        self.sku = sku
        self._held = 0
        self._qty = 0
        self.quantity = quantity

    def _get_q(self):
        return self._qty

    def _set_q(self, value):
        if value < max(0, self._held):
            raise ValueError("quantity below zero or below what is reserved")
        self._qty = value

    quantity = property(_get_q, _set_q)
    available = property(lambda self: self._qty - self._held)
    in_stock = property(lambda self: self._qty - self._held > 0)

    def reserve(self, n):
        if not 1 <= n <= self.available:
            raise ValueError("cannot reserve that many")
        self._held += n
