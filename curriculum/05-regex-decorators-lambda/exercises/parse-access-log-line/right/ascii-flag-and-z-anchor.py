import re

PATTERN = re.compile(
    r'^(\S+) \S+ \S+ \[([^\]]+)\] "([A-Z]+) (\S+) HTTP/[\d.]+" (\d{3}) (\d+|-)\Z',
    re.ASCII,
)


def parse_log_line(line):
    found = PATTERN.match(line.strip())
    if not found:
        return None
    ip, time, method, path, status, size = found.groups()
    return {
        "ip": ip,
        "time": time,
        "method": method,
        "path": path,
        "status": int(status),
        "size": int(size) if size != "-" else 0,
    }
