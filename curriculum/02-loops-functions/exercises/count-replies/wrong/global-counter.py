total = 0


def count_replies(comment):
    global total
    for reply in comment.get("replies", []):
        total += 1
        count_replies(reply)
    return total
