def split_log_line(line):
    try:
        timestamp, level, logger, *words = line.split()
    except ValueError:
        raise ValueError("not a log line") from None
    return (timestamp, level.upper(), logger, " ".join(words))
