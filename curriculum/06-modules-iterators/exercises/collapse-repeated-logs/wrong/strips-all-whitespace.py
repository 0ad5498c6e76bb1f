from itertools import chain, groupby


def collapse_repeats(*sources):
    """Yield each run of identical consecutive lines once, as 'line' or 'line (xN)'."""
    lines = (line.rstrip() for line in chain(*sources))
    for line, run in groupby(lines):
        count = sum(1 for _ in run)
        yield line if count == 1 else f"{line} (x{count})"
