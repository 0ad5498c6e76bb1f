import re

LINE = re.compile(r"\s*\S+\s+(ERROR|CRITICAL)\s+(\S.*?)\s*")


def error_lines(lines):
    numbered = enumerate(lines, 1)
    matches = ((n, LINE.fullmatch(text)) for n, text in numbered)
    return ((n, m.group(2)) for n, m in matches if m)


def count_errors(lines):
    total = 0
    for _ in error_lines(lines):
        total += 1
    return total
