import sqlite3
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, HTTPException, status
from fastapi.responses import Response
from pydantic import BaseModel, field_validator

DB_PATH = "bookmarks.db"

SCHEMA = """CREATE TABLE IF NOT EXISTS bookmarks (
    id    INTEGER PRIMARY KEY AUTOINCREMENT,
    url   TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL
)"""

with sqlite3.connect(DB_PATH) as setup:
    setup.execute(SCHEMA)
setup.close()


def database():
    conn = sqlite3.connect(DB_PATH)
    try:
        yield conn
    finally:
        conn.close()


DB = Annotated[sqlite3.Connection, Depends(database)]


class NewBookmark(BaseModel):
    url: str
    title: str

    @field_validator("url")
    @classmethod
    def web_url(cls, url):
        if not (url.startswith("http://") or url.startswith("https://")):
            raise ValueError("url must start with http:// or https://")
        return url

    @field_validator("title")
    @classmethod
    def has_title(cls, title):
        if title == "":
            raise ValueError("title must not be empty")
        return title


def row_to_dict(row):
    return dict(zip(("id", "url", "title"), row))


router = APIRouter(prefix="/bookmarks")


@router.post("", status_code=status.HTTP_201_CREATED)
def add(body: NewBookmark, db: DB):
    if db.execute("SELECT 1 FROM bookmarks WHERE url = ?", (body.url,)).fetchone():
        raise HTTPException(status.HTTP_409_CONFLICT, "already saved")
    cur = db.execute("INSERT INTO bookmarks (url, title) VALUES (?, ?)", (body.url, body.title))
    db.commit()
    return {"id": cur.lastrowid, "url": body.url, "title": body.title}


@router.get("")
def search(db: DB, q: str | None = None):
    everything = [row_to_dict(r) for r in db.execute("SELECT id, url, title FROM bookmarks ORDER BY id")]
    if q is None:
        return everything
    needle = q.lower()
    return [b for b in everything if needle in b["title"].lower()]


@router.get("/{bookmark_id}")
def one(bookmark_id: int, db: DB):
    row = db.execute("SELECT id, url, title FROM bookmarks WHERE id = ?", (bookmark_id,)).fetchone()
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "bookmark not found")
    return row_to_dict(row)


@router.delete("/{bookmark_id}")
def remove(bookmark_id: int, db: DB):
    deleted = db.execute("DELETE FROM bookmarks WHERE id = ?", (bookmark_id,)).rowcount
    db.commit()
    if not deleted:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "bookmark not found")
    return Response(status_code=status.HTTP_204_NO_CONTENT)


app = FastAPI()
app.include_router(router)
