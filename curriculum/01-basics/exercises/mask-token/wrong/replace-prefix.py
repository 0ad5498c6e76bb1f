def mask_token(token):
    if len(token) < 8:
        return "*" * len(token)
    prefix = token[:-4]
    return token.replace(prefix, "*" * len(prefix))
