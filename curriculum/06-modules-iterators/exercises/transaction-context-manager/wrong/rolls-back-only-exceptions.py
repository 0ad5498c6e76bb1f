import copy


class Transaction:
    """All-or-nothing changes to a dict: commit on success, roll back on an exception."""

    def __init__(self, store):
        self.store = store
        self.status = "open"

    def __enter__(self):
        self._snapshot = copy.deepcopy(self.store)
        return self.store

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None or not issubclass(exc_type, Exception):
            self.status = "committed"
        else:
            self.store.clear()
            self.store.update(self._snapshot)
            self.status = "rolled back"
        return False
