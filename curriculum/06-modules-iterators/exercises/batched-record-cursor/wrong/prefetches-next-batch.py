class RecordCursor:
    """Iterate over rows, fetching them lazily in batches of batch_size."""

    def __init__(self, rows, batch_size):
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.rows = rows
        self.batch_size = batch_size
        self.position = 0
        self.buffer = []
        self.fetches = 0

    def _fetch(self):
        batch = self.rows[self.position:self.position + self.batch_size]
        if batch:
            self.position += len(batch)
            self.buffer.extend(batch)
            self.fetches += 1

    def __iter__(self):
        return self

    def __next__(self):
        if not self.buffer:
            self._fetch()
        if not self.buffer:
            raise StopIteration
        row = self.buffer.pop(0)
        if not self.buffer:
            self._fetch()
        return row
