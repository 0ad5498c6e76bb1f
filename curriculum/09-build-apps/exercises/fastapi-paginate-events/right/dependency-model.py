from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Query, Request

LEVELS = ["info", "info", "warning", "info", "error"]
EVENTS = [
    {"id": n, "level": LEVELS[n % 5], "message": f"event number {n}"}
    for n in range(1, 48)
]


@dataclass
class Paging:
    limit: int
    offset: int


def paging(
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Paging:
    return Paging(limit, offset)


router = APIRouter()


@router.get("/events")
def events(request: Request, pages: Annotated[Paging, Depends(paging)], level: str | None = None):
    chosen = EVENTS if level is None else [e for e in EVENTS if e["level"] == level]
    end = pages.offset + pages.limit
    following = None
    if end < len(chosen):
        query = {"offset": str(end), "limit": str(pages.limit)}
        if level is not None:
            query["level"] = level
        following = str(request.url.replace_query_params(**query))
    return {
        "items": chosen[pages.offset:end],
        "total": len(chosen),
        "limit": pages.limit,
        "offset": pages.offset,
        "next": following,
    }


app = FastAPI()
app.include_router(router)
