import random
import re
import string
from dataclasses import asdict, dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, status
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, field_validator

API_KEYS = {"key-ada-4821": "ada", "key-bob-9904": "bob"}

URL_RULE = re.compile(r"https?://\S+")
CODE_RULE = re.compile(r"[A-Za-z0-9-]{3,20}")
_random = random.SystemRandom()


@dataclass
class Link:
    code: str
    url: str
    owner: str
    hits: int = 0


class Store:
    def __init__(self):
        self.by_code: dict[str, Link] = {}

    def get(self, code):
        if code not in self.by_code:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "unknown code")
        return self.by_code[code]

    def fresh_code(self):
        while True:
            code = "".join(_random.choices(string.ascii_letters + string.digits, k=6))
            if code not in self.by_code:
                return code


store = Store()


class NewLink(BaseModel):
    url: str
    code: str | None = None

    @field_validator("url")
    @classmethod
    def url_ok(cls, value):
        if len(value) > 2000 or URL_RULE.fullmatch(value) is None:
            raise ValueError("url must be http(s)://… without spaces, at most 2000 characters")
        return value

    @field_validator("code")
    @classmethod
    def code_ok(cls, value):
        if value is not None and CODE_RULE.fullmatch(value) is None:
            raise ValueError("code must be 3-20 letters, digits or dashes")
        return value


def api_user(x_api_key: Annotated[str | None, Header()] = None) -> str:
    if x_api_key not in API_KEYS:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "unknown or missing API key")
    return API_KEYS[x_api_key]


User = Annotated[str, Depends(api_user)]
router = APIRouter()


@router.post("/links", status_code=status.HTTP_201_CREATED)
def create(body: NewLink, user: User):
    if body.code is not None and body.code in store.by_code:
        raise HTTPException(status.HTTP_409_CONFLICT, "code taken")
    code = body.code if body.code is not None else store.fresh_code()
    store.by_code[code] = Link(code, body.url, user)
    return {"code": code, "url": body.url, "short_url": "/r/" + code, "owner": user}


@router.get("/r/{code}")
def redirect(code: str):
    link = store.get(code)
    link.hits = link.hits + 1
    return RedirectResponse(url=link.url, status_code=status.HTTP_307_TEMPORARY_REDIRECT)


@router.get("/links/{code}")
def stats(code: str):
    return asdict(store.get(code))


@router.delete("/links/{code}")
def delete(code: str, user: User):
    link = store.get(code)
    if link.owner != user:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "not your link")
    del store.by_code[code]
    return Response(status_code=status.HTTP_204_NO_CONTENT)


app = FastAPI()
app.include_router(router)
