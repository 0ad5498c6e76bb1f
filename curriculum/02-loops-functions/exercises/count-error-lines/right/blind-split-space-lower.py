def count_errors(lines):
    return len([l for l in lines if l.split(" ")[0].lower() == "error"])
