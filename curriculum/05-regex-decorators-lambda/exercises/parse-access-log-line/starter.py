import re


def parse_log_line(line):
    """Return the fields of one access-log line as a dict, or None if it does not match."""
    # Your code here
    return None
