from time import perf_counter


class timer:
    def __init__(self, label, records):
        self.label = label
        self.records = records
        self.data = {"label": label}
        self.began = None

    def __enter__(self):
        self.began = perf_counter()
        return self.data

    def __exit__(self, kind, error, trace):
        elapsed = perf_counter() - self.began
        self.data["seconds"] = elapsed
        self.records.append((self.label, elapsed))
        return None
