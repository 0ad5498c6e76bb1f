def sort_products(products, sort):
    """Return a new list of products sorted by 'price' or 'name' ('-' prefix = descending)."""
    # Your code here
    return None
