class InventoryItem:
    def __init__(self, sku, quantity):
        # Your code here
        pass

    def reserve(self, n):
        pass

    # Add the quantity, available and in_stock properties
