import json


def append_events(path, events):
    with open(path, "a", encoding="utf-8") as file:
        for event in events:
            file.write(json.dumps(event) + "\n")
    return len(events)


def read_events(path):
    try:
        file = open(path, encoding="utf-8")
    except FileNotFoundError:
        return
    with file:
        for line in file:
            if line.strip():
                yield json.loads(line)
