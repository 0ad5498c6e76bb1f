def normalize_tags(tags):
    out = []
    for t in dict.fromkeys(tags):
        t = t.strip().lower()
        if t and t not in out:
            out.append(t)
    return out
