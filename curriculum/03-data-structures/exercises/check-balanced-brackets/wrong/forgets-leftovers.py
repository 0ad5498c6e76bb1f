CLOSING = {")": "(", "]": "[", "}": "{"}


def is_balanced(text):
    stack = []
    for char in text:
        if char in "([{":
            stack.append(char)
        elif char in CLOSING:
            if not stack or stack.pop() != CLOSING[char]:
                return False
    return True
