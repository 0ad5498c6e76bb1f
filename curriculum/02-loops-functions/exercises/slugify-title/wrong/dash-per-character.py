def slugify(title):
    slug = ""
    for char in title.strip().lower():
        if char.isalnum():
            slug += char
        else:
            slug += "-"
    return slug
