def collapse_repeats(*sources):
    current = None
    count = 0
    for source in sources:
        for raw in source:
            line = raw[:-1] if raw.endswith("\n") else raw
            if count and line == current:
                count += 1
                continue
            if count:
                yield current if count == 1 else "%s (x%d)" % (current, count)
            current, count = line, 1
    if count:
        yield current if count == 1 else "%s (x%d)" % (current, count)
