def slugify(title):
    slug = ""
    pending = False
    for char in title.lower():
        if char in "abcdefghijklmnopqrstuvwxyz0123456789":
            if pending and slug:
                slug += "-"
            pending = False
            slug += char
        else:
            pending = True
    return slug
