import secrets
import string

from fastapi import Depends, FastAPI, Header, HTTPException, Response
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

app = FastAPI()
API_KEYS = {"key-ada-4821": "ada", "key-bob-9904": "bob"}
links = {}  # code -> {"code", "url", "owner", "hits"}

ALPHABET = string.ascii_letters + string.digits


class LinkIn(BaseModel):
    url: str = Field(pattern=r"^https?://\S+$", max_length=2000)
    code: str | None = Field(default=None, min_length=3, max_length=20)


def owner(x_api_key: str | None = Header(default=None)):
    user = API_KEYS.get(x_api_key or "")
    if user is None:
        raise HTTPException(status_code=401, detail="a valid X-API-Key header is required")
    return user


def find(code):
    link = links.get(code)
    if link is None:
        raise HTTPException(status_code=404, detail="no such short link")
    return link


def new_code():
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(6))
        if code not in links:
            return code


@app.post("/links", status_code=201)
def create_link(data: LinkIn, user: str = Depends(owner)):
    if data.code is not None and not data.code.replace("-", "").isalnum():
        raise HTTPException(status_code=422, detail="bad code")
    if data.code is not None and data.code in links:
        raise HTTPException(status_code=409, detail="this code is already taken")
    code = data.code or new_code()
    links[code] = {"code": code, "url": data.url, "owner": user, "hits": 0}
    return {"code": code, "url": data.url, "short_url": f"/r/{code}", "owner": user}


@app.get("/r/{code}")
def follow(code: str):
    link = find(code)
    link["hits"] += 1
    return RedirectResponse(link["url"], status_code=307)


@app.get("/links/{code}")
def stats(code: str):
    return dict(find(code))


@app.delete("/links/{code}", status_code=204)
def delete_link(code: str, user: str = Depends(owner)):
    link = find(code)
    if link["owner"] != user:
        raise HTTPException(status_code=403, detail="only the owner can delete this link")
    del links[code]
    return Response(status_code=204)
