class Transaction:
    def __init__(self, store):
        self.store = store
        self.status = "open"

    def __enter__(self):
        self._snapshot = dict(self.store)
        return self.store

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.status = "committed"
        else:
            self.store.clear()
            self.store.update(self._snapshot)
            self.status = "rolled back"
        return False
