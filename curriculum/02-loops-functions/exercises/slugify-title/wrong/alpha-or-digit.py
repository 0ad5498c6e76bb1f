def slugify(title):
    out, dash = "", False
    for ch in title.lower():
        if ch.isalpha() or ch.isdigit():
            if dash and out:
                out += "-"
            out += ch; dash = False
        else:
            dash = True
    return out
