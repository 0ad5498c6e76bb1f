import sqlite3
from contextlib import closing

from fastapi import FastAPI, HTTPException, Response
from pydantic import BaseModel, Field

DB_PATH = "bookmarks.db"
app = FastAPI()


def connect():
    conn = sqlite3.connect(DB_PATH)
    conn.row_factory = sqlite3.Row
    return conn


def init_db():
    with closing(connect()) as conn, conn:
        conn.execute(
            """CREATE TABLE IF NOT EXISTS bookmarks (
                id    INTEGER PRIMARY KEY AUTOINCREMENT,
                url   TEXT NOT NULL UNIQUE,
                title TEXT NOT NULL
            )"""
        )


init_db()


class BookmarkIn(BaseModel):
    url: str = Field(pattern=r"^https?://")
    title: str = Field(min_length=1)


@app.post("/bookmarks", status_code=201)
def create_bookmark(bookmark: BookmarkIn):
    # TODO: INSERT the row (and commit!), handle duplicates, return the stored bookmark
    return {"id": 0, "url": bookmark.url, "title": bookmark.title}


@app.get("/bookmarks")
def list_bookmarks(q: str | None = None):
    # TODO: SELECT from the table, filtered by q when given
    return []
