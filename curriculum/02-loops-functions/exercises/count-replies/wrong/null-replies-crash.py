def count_replies(comment):
    total = 0
    for reply in comment.get("replies", []):
        total += 1 + count_replies(reply)
    return total
