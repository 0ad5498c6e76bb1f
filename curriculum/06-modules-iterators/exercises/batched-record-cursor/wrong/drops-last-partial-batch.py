class RecordCursor:
    def __init__(self, rows, batch_size):
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.rows = rows
        self.batch_size = batch_size
        self.position = 0
        self.buffer = []
        self.fetches = 0

    def __iter__(self):
        return self

    def __next__(self):
        if not self.buffer and self.position + self.batch_size <= len(self.rows):
            self.buffer = self.rows[self.position:self.position + self.batch_size]
            self.position += self.batch_size
            self.fetches += 1
        if not self.buffer:
            raise StopIteration
        return self.buffer.pop(0)
