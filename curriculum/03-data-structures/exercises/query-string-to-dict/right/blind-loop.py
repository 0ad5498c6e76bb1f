def parse_query(query):
    result = {}
    body = query[1:] if query[:1] == "?" else query
    for piece in body.split("&"):
        if piece == "":
            continue
        if "=" in piece:
            i = piece.index("=")
            result[piece[:i]] = piece[i + 1:]
        else:
            result[piece] = ""
    return result
