def format_errors(errors, start=1):
    return "\n".join(f"{n}.{m}" for n, m in enumerate(errors, start))
