def format_errors(errors, start=None):
    start = start or 1
    lines = []
    for number, message in enumerate(errors, start=start):
        lines.append(f"{number}. {message}")
    return "\n".join(lines)
