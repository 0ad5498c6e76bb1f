import re

LINE = re.compile(r"\s*(\S+)\s+(\S+)\s+(\S+)\s*(.*)", re.DOTALL)


def split_log_line(line):
    found = LINE.fullmatch(line)
    if found is None:
        raise ValueError("a log line needs a timestamp, a level and a logger")
    timestamp, level, logger, rest = found.groups()
    return timestamp, level.upper(), logger, " ".join(rest.split())
