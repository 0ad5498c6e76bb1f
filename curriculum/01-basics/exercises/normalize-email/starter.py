def normalize_email(raw):
    """Return the cleaned, lower-case address, or None when it is not usable."""
    # Your code here
    return None
