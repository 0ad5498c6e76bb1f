CLOSING = {")": "(", "]": "["}
OPENING = set(CLOSING.values())


def is_balanced(text):
    """Return True when every (, [ and { in text is closed in the right order."""
    stack = []
    for char in text:
        if char in OPENING:
            stack.append(char)
        elif char in CLOSING:
            if not stack or stack.pop() != CLOSING[char]:
                return False
    return not stack
