def find_path(tree, name):
    """Return the list of names from the root to the node called name, or None."""
    # Your code here
    return None
