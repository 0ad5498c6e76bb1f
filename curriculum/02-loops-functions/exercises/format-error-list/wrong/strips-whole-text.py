def format_errors(errors, start=1):
    text = ""
    for i, e in enumerate(errors):
        text += f"{i + start}. {e}\n"
    return text.strip()
