from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request, status

app = FastAPI()

TOKENS = {
    "tok-alice-7f3a": {"user": "alice", "role": "admin"},
    "tok-bob-19c2": {"user": "bob", "role": "viewer"},
}
REPORTS = {1: "Q1 revenue", 2: "Q2 revenue", 3: "Churn analysis"}

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="reports"'}


def authenticate(request: Request) -> dict:
    header = request.headers.get("authorization")
    if not header or " " not in header:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "missing bearer token", CHALLENGE)
    scheme, token = header.split(" ", 1)
    if scheme.casefold() != "bearer":
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "bearer scheme required", CHALLENGE)
    user = TOKENS.get(token)
    if user is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "unknown token", CHALLENGE)
    return user


User = Annotated[dict, Depends(authenticate)]


def admin(user: User) -> dict:
    if user.get("role") != "admin":
        raise HTTPException(status.HTTP_403_FORBIDDEN, "admin role required")
    return user


private = APIRouter(dependencies=[Depends(authenticate)])


@app.get("/status")
def status_page():
    return {"status": "ok"}


@private.get("/me")
def me(user: User):
    return dict(user)


@private.get("/reports")
def list_reports():
    return [{"id": rid, "title": REPORTS[rid]} for rid in sorted(REPORTS)]


@private.delete("/reports/{report_id}", status_code=204, dependencies=[Depends(admin)])
def remove_report(report_id: int):
    if REPORTS.pop(report_id, None) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "report not found")


app.include_router(private)
