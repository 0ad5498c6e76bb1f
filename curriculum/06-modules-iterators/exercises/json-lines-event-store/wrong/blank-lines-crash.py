import json
from pathlib import Path


def append_events(path, events):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as file:
        for event in events:
            file.write(json.dumps(event) + "\n")
    return len(events)


def read_events(path):
    path = Path(path)
    if not path.exists():
        return
    for line in path.read_text(encoding="utf-8").split("\n")[:-1]:
        yield json.loads(line)
