def format_errors(errors, start=1):
    lines = []
    for number, message in enumerate(errors):
        lines.append(f"{number}. {message}")
    return "\n".join(lines)
