import hashlib
import hmac
import secrets

from fastapi import FastAPI, Header, HTTPException
from pydantic import BaseModel, Field

app = FastAPI()
USERS = {}  # username -> {"username": …, "password_hash": …}
SESSIONS = {}  # token -> username


class Credentials(BaseModel):
    username: str = Field(pattern=r"^[a-z0-9_]{3,30}$")
    password: str = Field(min_length=8)

ITERATIONS = 100_000


def hash_password(password):
    """A salted PBKDF2 hash, as text that includes the salt."""
    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, ITERATIONS)
    return f"{salt.hex()}${digest.hex()}"


def verify_password(password, stored):
    salt_hex, _, digest_hex = stored.partition("$")
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), bytes.fromhex(salt_hex), ITERATIONS)
    return hmac.compare_digest(digest.hex(), digest_hex)


def public(user):
    return {"username": user["username"]}


@app.post("/register", status_code=201)
def register(credentials: Credentials):
    if credentials.username in USERS:
        raise HTTPException(status_code=409, detail="username already taken")
    user = {"username": credentials.username, "password_hash": hash_password(credentials.password)}
    USERS[credentials.username] = user
    return public(user)


@app.post("/login")
def login(credentials: Credentials):
    user = USERS.get(credentials.username)
    if user is None:
        raise HTTPException(status_code=404, detail="no such user")
    if not verify_password(credentials.password, user["password_hash"]):
        raise HTTPException(status_code=401, detail="wrong password")
    token = secrets.token_urlsafe(32)
    SESSIONS[token] = user["username"]
    return {"access_token": token, "token_type": "bearer"}


@app.get("/me")
def me(authorization: str | None = Header(default=None)):
    scheme, _, token = (authorization or "").partition(" ")
    username = SESSIONS.get(token) if scheme.lower() == "bearer" else None
    if username is None:
        raise HTTPException(status_code=401, detail="not logged in", headers={"WWW-Authenticate": "Bearer"})
    return public(USERS[username])
