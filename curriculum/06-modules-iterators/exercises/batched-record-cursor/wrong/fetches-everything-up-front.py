class RecordCursor:
    def __init__(self, rows, batch_size):
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.buffer = []
        self.fetches = 0
        for start in range(0, len(rows), batch_size):
            self.buffer.extend(rows[start:start + batch_size])
            self.fetches += 1

    def __iter__(self):
        return self

    def __next__(self):
        if not self.buffer:
            raise StopIteration
        return self.buffer.pop(0)
