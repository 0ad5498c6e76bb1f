def slugify(title):
    out = ""
    for ch in title.lower():
        if ch.isalnum():
            out += ch
        elif not out.endswith("-"):
            out += "-"
    return out.strip("-")
