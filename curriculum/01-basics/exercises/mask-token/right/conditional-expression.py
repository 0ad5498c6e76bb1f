def mask_token(token):
    shown = 4 if len(token) >= 8 else 0
    hidden = len(token) - shown
    return "*" * hidden + token[hidden:]
