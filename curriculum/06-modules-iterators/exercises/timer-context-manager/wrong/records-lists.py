import contextlib
import time


@contextlib.contextmanager
def timer(label, records):
    """Time the with block; record (label, seconds) in records, even if the block fails."""
    result = {"label": label}
    start = time.perf_counter()
    try:
        yield result
    finally:
        result["seconds"] = time.perf_counter() - start
        records.append([label, result["seconds"]])
