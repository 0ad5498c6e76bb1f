from itertools import chain, groupby


def collapse_repeats(*sources):
    lines = (line.strip() for line in chain(*sources))
    for line, run in groupby(lines):
        yield f"{line} (x{len(list(run))})"
