def count_replies(comment):
    total = 1
    for reply in comment.get("replies", []):
        total += count_replies(reply)
    return total
