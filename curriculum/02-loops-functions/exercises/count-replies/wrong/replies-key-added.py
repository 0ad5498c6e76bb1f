def count_replies(comment):
    comment.setdefault("replies", [])
    if comment["replies"] is None:
        comment["replies"] = []
    total = 0
    for reply in comment["replies"]:
        total += 1 + count_replies(reply)
    return total
