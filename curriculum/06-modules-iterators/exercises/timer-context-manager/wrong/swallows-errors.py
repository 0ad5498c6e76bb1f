import contextlib
import time


@contextlib.contextmanager
def timer(label, records):
    result = {"label": label}
    start = time.perf_counter()
    try:
        yield result
    except Exception:
        pass
    result["seconds"] = time.perf_counter() - start
    records.append((label, result["seconds"]))
