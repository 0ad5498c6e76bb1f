def split_log_line(line):
    """Return (timestamp, level, logger, message) for one log line."""
    parts = line.split()
    if len(parts) < 3:
        raise ValueError(f"not a log line: {line!r}")
    timestamp, level, logger, *rest = line.split(maxsplit=3)
    return (timestamp, level.upper(), logger, rest[0].strip() if rest else "")
