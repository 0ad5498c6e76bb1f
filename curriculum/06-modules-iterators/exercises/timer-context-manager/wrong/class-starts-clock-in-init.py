import time


class timer:
    def __init__(self, label, records):
        self.result = {"label": label}
        self.records = records
        self.start = time.perf_counter()  # too early: the with block has not started yet

    def __enter__(self):
        return self.result

    def __exit__(self, exc_type, exc, tb):
        self.result["seconds"] = time.perf_counter() - self.start
        self.records.append((self.result["label"], self.result["seconds"]))
        return False
