def count_replies(comment):
    """Return the number of replies below comment, at every depth."""
    total = 0
    for reply in comment.get("replies") or []:
        total += 1 + count_replies(reply)
    return total
