from fastapi import Depends, FastAPI, Header, HTTPException, Response

app = FastAPI()

TOKENS = {
    "tok-alice-7f3a": {"user": "alice", "role": "admin"},
    "tok-bob-19c2": {"user": "bob", "role": "viewer"},
}
REPORTS = {1: "Q1 revenue", 2: "Q2 revenue", 3: "Churn analysis"}


@app.get("/status")
def status():
    return {"status": "ok"}


def current_user(authorization: str | None = Header(default=None)):
    """Return the TOKENS entry for the bearer token, or raise a 401."""
    scheme, _, token = (authorization or "").partition(" ")
    user = TOKENS.get(token) if scheme.lower() == "bearer" else None
    if user is None:
        raise HTTPException(
            status_code=401,
            detail="missing or invalid bearer token",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return user


@app.get("/me")
def me(user: dict = Depends(current_user)):
    return user


@app.get("/reports")
def list_reports(user: dict = Depends(current_user)):
    return [{"id": report_id, "title": title} for report_id, title in sorted(REPORTS.items())]


@app.delete("/reports/{report_id}", status_code=204)
def delete_report(report_id: int, user: dict = Depends(current_user)):
    if user["role"] != "admin":
        raise HTTPException(status_code=403, detail="only admins may delete reports")
    if report_id not in REPORTS:
        raise HTTPException(status_code=404, detail="report not found")
    del REPORTS[report_id]
    return Response(status_code=204)
