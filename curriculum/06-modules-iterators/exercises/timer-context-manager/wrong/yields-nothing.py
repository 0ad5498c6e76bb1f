import contextlib
import time


@contextlib.contextmanager
def timer(label, records):
    start = time.perf_counter()
    try:
        yield
    finally:
        records.append((label, time.perf_counter() - start))
