class RecordCursor:
    def __init__(self, rows, batch_size):
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.rows = rows
        self.batch_size = batch_size
        self.fetches = 0

    def __iter__(self):
        return iter(self.rows)
