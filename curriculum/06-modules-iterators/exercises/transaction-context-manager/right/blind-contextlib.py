import copy
class Transaction:
    def __init__(self, store):
        self.store = store
        self.status = "open"
        self._saved = None
    def __enter__(self):
        self._saved = copy.deepcopy(self.store)
        return self.store
    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            for key in list(self.store):
                del self.store[key]
            for key, value in self._saved.items():
                self.store[key] = value
            self.status = "rolled back"
            return None
        self.status = "committed"
        return None
