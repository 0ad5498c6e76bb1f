class RecordCursor:
    def __init__(self, rows, batch_size):
        if not batch_size >= 1:
            raise ValueError(f"batch_size must be >= 1, not {batch_size}")
        self._rows = rows
        self._size = batch_size
        self._batch = []
        self._index = 0
        self._next_start = 0
        self.fetches = 0

    def __iter__(self):
        return self

    def __next__(self):
        if self._index == len(self._batch):
            start = self._next_start
            self._batch = self._rows[start:start + self._size]
            self._index = 0
            if not self._batch:
                raise StopIteration
            self._next_start = start + len(self._batch)
            self.fetches += 1
        row = self._batch[self._index]
        self._index += 1
        return row
