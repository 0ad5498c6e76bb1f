def slugify(title):
    cleaned = ""
    for char in title.lower():
        if char.isalnum():
            cleaned += char
        else:
            cleaned += " "
    return "-".join(cleaned.split())
