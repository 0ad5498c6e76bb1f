from collections import deque
def count_replies(comment):
    queue = deque(comment.get("replies") or [])
    seen = 0
    while queue:
        node = queue.popleft()
        seen += 1
        queue.extend(node.get("replies") or [])
    return seen
