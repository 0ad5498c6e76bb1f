def format_errors(errors, start=1):
    """Return the messages as numbered lines, numbering from start."""
    lines = []
    for number, message in enumerate(errors, start=start):
        lines.append(f"{number}. {message}")
    return "\n".join(lines)
