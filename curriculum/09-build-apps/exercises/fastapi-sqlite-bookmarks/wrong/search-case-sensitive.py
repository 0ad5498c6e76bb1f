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


def as_dict(row):
    return {"id": row["id"], "url": row["url"], "title": row["title"]}


def find(conn, bookmark_id):
    row = conn.execute("SELECT id, url, title FROM bookmarks WHERE id = ?", (bookmark_id,)).fetchone()
    if row is None:
        raise HTTPException(status_code=404, detail="bookmark not found")
    return row


@app.post("/bookmarks", status_code=201)
def create_bookmark(bookmark: BookmarkIn):
    with closing(connect()) as conn:
        try:
            with conn:
                cursor = conn.execute(
                    "INSERT INTO bookmarks (url, title) VALUES (?, ?)", (bookmark.url, bookmark.title)
                )
        except sqlite3.IntegrityError:
            raise HTTPException(status_code=409, detail="this url is already saved") from None
        return as_dict(find(conn, cursor.lastrowid))


@app.get("/bookmarks")
def list_bookmarks(q: str | None = None):
    with closing(connect()) as conn:
        if q is None:
            rows = conn.execute("SELECT id, url, title FROM bookmarks ORDER BY id").fetchall()
        else:
            # instr, not LIKE: in LIKE, % and _ in the search text would act as wildcards.
            rows = conn.execute(
                "SELECT id, url, title FROM bookmarks WHERE instr(title, ?) > 0 ORDER BY id",
                (q,),
            ).fetchall()
        return [as_dict(row) for row in rows]


@app.get("/bookmarks/{bookmark_id}")
def get_bookmark(bookmark_id: int):
    with closing(connect()) as conn:
        return as_dict(find(conn, bookmark_id))


@app.delete("/bookmarks/{bookmark_id}", status_code=204)
def delete_bookmark(bookmark_id: int):
    with closing(connect()) as conn, conn:
        find(conn, bookmark_id)
        conn.execute("DELETE FROM bookmarks WHERE id = ?", (bookmark_id,))
    return Response(status_code=204)
