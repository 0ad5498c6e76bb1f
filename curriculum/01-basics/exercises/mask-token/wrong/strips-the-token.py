def mask_token(token):
    token = token.strip()
    if len(token) < 8:
        return "*" * len(token)
    return "*" * (len(token) - 4) + token[-4:]
