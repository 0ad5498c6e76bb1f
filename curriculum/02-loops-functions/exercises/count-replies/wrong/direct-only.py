def count_replies(comment):
    return len(comment.get("replies", []))
