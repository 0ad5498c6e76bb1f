import re
_LINE = re.compile(
    r'(?P<ip>[^ ]+) [^ ]+ [^ ]+ \[(?P<time>[^\]]+)\] '
    r'"(?P<method>[A-Z]+) (?P<path>[^ "]+) HTTP/[0-9.]+" '
    r'(?P<status>[0-9]{3}) (?P<size>[0-9]+|-)'
)
def parse_log_line(line):
    found = _LINE.fullmatch(line.strip())
    if found is None:
        return None
    data = found.groupdict()
    data["status"] = int(data["status"])
    data["size"] = 0 if data["size"] == "-" else int(data["size"])
    return data
