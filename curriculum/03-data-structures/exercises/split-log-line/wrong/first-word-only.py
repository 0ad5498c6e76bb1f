def split_log_line(line):
    parts = line.split()
    if len(parts) < 3:
        raise ValueError("not a log line")
    timestamp, level, logger, message = parts[0], parts[1], parts[2], parts[3]
    return (timestamp, level.upper(), logger, message)
