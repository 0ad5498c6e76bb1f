def normalize_tags(tags):
    out = []
    for t in tags:
        t = t.strip(" ").lower()
        if t and t not in out:
            out.append(t)
    return out
