def split_log_line(line):
    """Return (timestamp, level, logger, message) for one log line."""
    parts = [part for part in line.split(" ") if part]
    if len(parts) < 3:
        raise ValueError(f"not a log line: {line!r}")
    timestamp, level, logger, *words = parts
    return (timestamp, level.upper(), logger, " ".join(words))
