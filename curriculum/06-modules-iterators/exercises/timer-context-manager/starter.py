import contextlib
import time


@contextlib.contextmanager
def timer(label, records):
    """Time the with block; record (label, seconds) in records, even if the block fails."""
    # Your code here
    yield None
