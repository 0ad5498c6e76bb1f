def mask_token(token):
    if len(token) < 8:
        return "*" * len(token)
    return token[:4] + "*" * (len(token) - 4)
