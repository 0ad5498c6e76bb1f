from collections import Counter
from itertools import chain


def collapse_repeats(*sources):
    counts = Counter(line.rstrip("\n") for line in chain(*sources))
    for line, count in counts.items():
        yield line if count == 1 else f"{line} (x{count})"
