import copy


class Transaction:
    """All-or-nothing changes to a dict: commit on success, roll back on an exception."""

    def __init__(self, store):
        self.store = store
        self.status = "open"
        self._snapshot = copy.deepcopy(store)

    def __enter__(self):
        return self.store

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.status = "committed"
        else:
            self.store.clear()
            self.store.update(self._snapshot)
            self.status = "rolled back"
        return False
