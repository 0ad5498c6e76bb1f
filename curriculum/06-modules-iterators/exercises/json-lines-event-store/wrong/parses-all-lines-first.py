import json
from pathlib import Path


def append_events(path, events):
    """Append each event as one JSON line; return how many were written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("a", encoding="utf-8") as file:
        for event in events:
            file.write(json.dumps(event) + "\n")
            count += 1
    return count


def read_events(path):
    """Yield the events stored in a JSON Lines file, skipping blank lines."""
    path = Path(path)
    if not path.exists():
        return
    with path.open(encoding="utf-8") as file:
        events = [json.loads(line) for line in file if line.strip()]
    yield from events
