from itertools import chain, groupby


def collapse_repeats(*sources):
    """Yield each run of identical consecutive lines once, as 'line' or 'line (xN)'."""
    for line, run in groupby(chain(*sources)):
        count = sum(1 for _ in run)
        line = line.rstrip("\n")
        yield line if count == 1 else f"{line} (x{count})"
