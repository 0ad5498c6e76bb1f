from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request, status
from fastapi.responses import Response

TOKENS = {
    "tok-alice-7f3a": {"user": "alice", "role": "admin"},
    "tok-bob-19c2": {"user": "bob", "role": "viewer"},
}
REPORTS = {1: "Q1 revenue", 2: "Q2 revenue", 3: "Churn analysis"}


class NotAuthenticated(HTTPException):
    def __init__(self):
        super().__init__(status.HTTP_401_UNAUTHORIZED, "who are you?", {"WWW-Authenticate": "Bearer"})


def who(request: Request) -> dict:
    header = request.headers.get("authorization")
    if header is None:
        raise NotAuthenticated()
    parts = header.split(" ")
    if len(parts) != 2 or parts[0].casefold() != "bearer" or parts[1] not in TOKENS:
        raise NotAuthenticated()
    return dict(TOKENS[parts[1]])


def admin(user: Annotated[dict, Depends(who)]) -> dict:
    if user["role"] != "admin":
        raise HTTPException(status.HTTP_403_FORBIDDEN, "admins only")
    return user


public = APIRouter()
private = APIRouter(dependencies=[Depends(who)])


@public.get("/status")
def health():
    return {"status": "ok"}


@private.get("/me")
def me(user: Annotated[dict, Depends(who)]):
    return user


@private.get("/reports")
def reports():
    return [{"id": key, "title": REPORTS[key]} for key in sorted(REPORTS)]


@private.delete("/reports/{report_id}", dependencies=[Depends(admin)])
def remove(report_id: int):
    if REPORTS.pop(report_id, None) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such report")
    return Response(status_code=status.HTTP_204_NO_CONTENT)


app = FastAPI()
app.include_router(public)
app.include_router(private)
