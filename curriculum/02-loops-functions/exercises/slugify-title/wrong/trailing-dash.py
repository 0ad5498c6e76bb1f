def slugify(title):
    slug = ""
    for char in title.lower():
        if char.isalnum():
            slug += char
        elif slug != "" and not slug.endswith("-"):
            slug += "-"
    return slug
