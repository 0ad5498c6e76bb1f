def slugify(title):
    out = []
    dash = False
    for ch in title:
        if ch.isalnum():
            if dash and out:
                out.append("-")
            out.append(ch.lower())
            dash = False
        else:
            dash = True
    return "".join(out)
