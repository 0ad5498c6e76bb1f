def format_errors(errors, start=1):
    text = ""
    number = start
    for message in errors:
        if text != "":
            text += "\n"
        text += str(number) + ". " + message
        number += 1
    return text
