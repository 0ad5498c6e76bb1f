from itertools import chain, groupby


def collapse_repeats(*sources):
    """Yield each run of identical consecutive lines once, as 'line' or 'line (xN)'."""
    # Your code here
    return []
