from functools import total_ordering


class ApiVersion:
    def __init__(self, text):
        # Your code here
        pass


def negotiate(requested, supported):
    """Return the best supported version for the request, as a string, or None."""
    pass
