from itertools import chain


def _render(line, count):
    return line if count == 1 else f"{line} (x{count})"


def collapse_repeats(*sources):
    current = None
    count = 0
    for raw in chain.from_iterable(sources):
        line = raw[:-1] if raw.endswith("\n") else raw
        if count and line == current:
            count += 1
            continue
        if count:
            yield _render(current, count)
        current, count = line, 1
    if count:
        yield _render(current, count)
