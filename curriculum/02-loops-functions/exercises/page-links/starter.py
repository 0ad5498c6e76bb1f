def page_links(total_items, per_page):
    """Return the page numbers 1..n needed to show total_items, per_page at a time."""
    # Your code here
