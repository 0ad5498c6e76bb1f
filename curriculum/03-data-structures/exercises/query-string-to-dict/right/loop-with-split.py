def parse_query(query):
    if query[:1] == "?":
        query = query[1:]
    params = {}
    for piece in query.split("&"):
        if piece == "":
            continue
        if "=" in piece:
            key, value = piece.split("=", 1)
        else:
            key, value = piece, ""
        params[key] = value
    return params
