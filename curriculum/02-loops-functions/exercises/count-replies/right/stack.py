def count_replies(comment):
    count = 0
    to_visit = list(comment.get("replies") or [])
    while to_visit:
        reply = to_visit.pop()
        count += 1
        to_visit.extend(reply.get("replies") or [])
    return count
