class RecordCursor:
    """Iterate over rows, fetching them lazily in batches of batch_size."""

    def __init__(self, rows, batch_size):
        # Your code here
        pass
