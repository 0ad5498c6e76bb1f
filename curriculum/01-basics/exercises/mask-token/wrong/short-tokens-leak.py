def mask_token(token):
    return "*" * (len(token) - 4) + token[-4:]
