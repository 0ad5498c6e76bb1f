def parse_request_line(line):
    parts = line.strip().upper().split(" ")
    if len(parts) != 3:
        return None
    return (parts[0], parts[1], parts[2])
