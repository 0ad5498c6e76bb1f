def keep(predicate):
    """Return a step that keeps the records for which predicate(record) is true."""
    # Your code here
    return None


def transform(func):
    """Return a step that replaces each record with func(record)."""
    # Your code here
    return None


def make_pipeline(*steps):
    """Return a function that runs the steps in order on a list of records."""
    # Your code here
    return None
