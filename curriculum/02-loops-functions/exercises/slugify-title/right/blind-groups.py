from itertools import groupby
def slugify(title):
    parts = ["".join(g) for k, g in groupby(title.lower(), key=str.isalnum) if k]
    return "-".join(parts)
