def split_log_line(line):
    parts = line.split()
    if len(parts) < 3:
        raise ValueError("not a log line")
    timestamp, level, logger, *words = parts
    return (timestamp, level.upper(), logger, words)
