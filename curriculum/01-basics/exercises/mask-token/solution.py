def mask_token(token):
    """Return token with all but the last four characters replaced by '*'."""
    if len(token) < 8:
        return "*" * len(token)
    return "*" * (len(token) - 4) + token[-4:]
