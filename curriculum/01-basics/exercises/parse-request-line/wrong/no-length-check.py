def parse_request_line(line):
    parts = line.strip().split(" ")
    return (parts[0].upper(), parts[1], parts[2])
