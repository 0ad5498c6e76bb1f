def normalize_tags(tags):
    out = []
    for t in tags:
        t = t.strip().casefold()
        if t and t not in out:
            out.append(t)
    return out
