from urllib.parse import urlencode

from fastapi import FastAPI, Query

app = FastAPI()

LEVELS = ["info", "info", "warning", "info", "error"]
EVENTS = [
    {"id": n, "level": LEVELS[n % 5], "message": f"event number {n}"}
    for n in range(1, 48)
]


@app.get("/events")
def list_events(limit: int = 10, offset: int = 0):
    return {"items": EVENTS[offset:limit], "total": len(EVENTS)}
