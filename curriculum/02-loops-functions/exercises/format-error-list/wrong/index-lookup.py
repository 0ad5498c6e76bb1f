def format_errors(errors, start=1):
    lines = []
    for message in errors:
        lines.append(f"{errors.index(message) + start}. {message}")
    return "\n".join(lines)
