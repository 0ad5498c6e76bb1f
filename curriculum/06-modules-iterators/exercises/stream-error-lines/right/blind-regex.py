import re
ERROR_LEVELS = {"ERROR", "CRITICAL"}
_LINE = re.compile(r"\s*(\S+)\s+(\S+)\s+(.*\S)\s*\Z", re.S)
def error_lines(lines):
    number = 0
    for line in lines:
        number += 1
        m = _LINE.match(line)
        if m and m.group(2) in ERROR_LEVELS:
            yield (number, m.group(3).strip())
def count_errors(lines):
    return sum(1 for _ in error_lines(lines))
