def split_log_line(line):
    """Return (timestamp, level, logger, message) for one log line."""
    # Your code here
    return None
