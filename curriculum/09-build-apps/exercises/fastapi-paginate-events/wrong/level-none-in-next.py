from urllib.parse import urlencode

from fastapi import FastAPI, Query

app = FastAPI()

LEVELS = ["info", "info", "warning", "info", "error"]
EVENTS = [
    {"id": n, "level": LEVELS[n % 5], "message": f"event number {n}"}
    for n in range(1, 48)
]


@app.get("/events")
def list_events(
    limit: int = Query(10, ge=1, le=50),
    offset: int = Query(0, ge=0),
    level: str | None = None,
):
    matching = [e for e in EVENTS if level is None or e["level"] == level]
    total = len(matching)
    next_url = None
    if offset + limit < total:
        params = {"limit": limit, "offset": offset + limit, "level": level}
        next_url = "/events?" + urlencode(params)
    return {
        "items": matching[offset:offset + limit],
        "total": total,
        "limit": limit,
        "offset": offset,
        "next": next_url,
    }
