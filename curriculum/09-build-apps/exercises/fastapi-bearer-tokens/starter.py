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
    return TOKENS["tok-alice-7f3a"]  # TODO: read the header for real!


@app.get("/me")
def me(user: dict = Depends(current_user)):
    return user

# Still to do: GET /reports and DELETE /reports/{report_id}
