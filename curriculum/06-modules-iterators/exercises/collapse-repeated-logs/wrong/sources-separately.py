from itertools import groupby


def collapse_repeats(*sources):
    for source in sources:
        lines = (line.rstrip("\n") for line in source)
        for line, run in groupby(lines):
            count = sum(1 for _ in run)
            yield line if count == 1 else f"{line} (x{count})"
