import json


def public_user_json(raw):
    """Return the public JSON text for a stored user record given as JSON text."""
    # Your code here
    return None
