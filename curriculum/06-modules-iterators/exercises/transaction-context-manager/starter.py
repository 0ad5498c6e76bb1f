import copy


class Transaction:
    """All-or-nothing changes to a dict: commit on success, roll back on an exception."""

    def __init__(self, store):
        self.store = store
        self.status = "open"

    # Your code here: __enter__ and __exit__
