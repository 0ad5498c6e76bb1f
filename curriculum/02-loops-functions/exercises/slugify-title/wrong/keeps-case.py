def slugify(title):
    slug = ""
    pending_dash = False
    for char in title:
        if char.isalnum():
            if pending_dash and slug != "":
                slug += "-"
            pending_dash = False
            slug += char
        else:
            pending_dash = True
    return slug
