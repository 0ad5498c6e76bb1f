def mask_token(token):
    n = len(token)
    keep = 4 if n >= 8 else 0
    return "".join(ch if i >= n - keep else "*" for i, ch in enumerate(token))
