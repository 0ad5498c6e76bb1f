def format_errors(errors, start=1):
    text = ""
    for number, message in enumerate(errors, start=start):
        text += f"{number}. {message}\n"
    return text
