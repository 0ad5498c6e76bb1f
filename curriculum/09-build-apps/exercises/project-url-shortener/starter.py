import secrets
import string

from fastapi import Depends, FastAPI, Header, HTTPException, Response
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

app = FastAPI()
API_KEYS = {"key-ada-4821": "ada", "key-bob-9904": "bob"}
links = {}  # code -> {"code", "url", "owner", "hits"}


class LinkIn(BaseModel):
    url: str
    code: str | None = None


@app.post("/links")
def create_link(data: LinkIn):
    link = {"code": data.code, "url": data.url, "owner": None, "hits": 0}
    links[data.code] = link
    return link


@app.get("/r/{code}")
def follow(code: str):
    return RedirectResponse(links[code]["url"], status_code=301)
