import json


class Transaction:
    def __init__(self, store):
        self.store = store
        self.status = "open"
        self._saved = None

    def __enter__(self):
        # The store holds JSON-like data (dicts, lists, numbers, strings): a JSON round trip
        # is a deep copy.
        self._saved = json.dumps(self.store)
        return self.store

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            restored = json.loads(self._saved)
            for key in list(self.store):
                del self.store[key]
            for key, value in restored.items():
                self.store[key] = value
            self.status = "rolled back"
            return False
        self.status = "committed"
        return False
