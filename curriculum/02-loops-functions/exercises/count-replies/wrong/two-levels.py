def count_replies(comment):
    total = 0
    for reply in comment.get("replies", []):
        total += 1
        for inner in reply.get("replies", []):
            total += 1
    return total
