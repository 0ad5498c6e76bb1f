import re

LOG_LINE = re.compile(
    r'(?P<ip>\d{1,3}(?:\.\d{1,3}){3}) \S+ \S+ \[(?P<time>[^\]]+)\] '
    r'"(?P<method>[A-Z]+) (?P<path>\S+) HTTP/[0-9.]+" '
    r"(?P<status>[0-9]{3}) (?P<size>[0-9]+|-)"
)


def parse_log_line(line):
    """Return the fields of one access-log line as a dict, or None if it does not match."""
    match = LOG_LINE.fullmatch(line.strip())
    if match is None:
        return None
    fields = match.groupdict()
    fields["status"] = int(fields["status"])
    fields["size"] = 0 if fields["size"] == "-" else int(fields["size"])
    return fields
