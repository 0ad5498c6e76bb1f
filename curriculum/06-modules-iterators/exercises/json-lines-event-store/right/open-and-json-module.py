import json
import os


def append_events(path, events):
    folder = os.path.dirname(os.fspath(path))
    if folder:
        os.makedirs(folder, exist_ok=True)
    written = 0
    with open(path, "a", encoding="utf-8") as out:
        for event in events:
            out.write(json.dumps(event, ensure_ascii=False, separators=(",", ":")) + "\n")
            written += 1
    return written


def read_events(path):
    try:
        handle = open(path, encoding="utf-8")
    except FileNotFoundError:
        return
    with handle:
        for raw in handle:
            text = raw.strip()
            if text:
                yield json.loads(text)
