import hashlib
import hmac
import secrets

from fastapi import FastAPI, Header, HTTPException
from pydantic import BaseModel, Field

app = FastAPI()
USERS = {}  # username -> {"username": …, "password_hash": …}
SESSIONS = {}  # token -> username

ITERATIONS = 100_000


class Registration(BaseModel):
    username: str = Field(pattern=r"^[a-z0-9_]{3,30}$")
    password: str = Field(min_length=8)


class Login(BaseModel):
    # No format rules here: any pair that does not match an account is simply a 401.
    username: str
    password: str


def hash_password(password):
    """pbkdf2_sha256$<iterations>$<salt hex>$<digest hex>, with a fresh random salt."""
    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, ITERATIONS)
    return f"pbkdf2_sha256${ITERATIONS}${salt.hex()}${digest.hex()}"


def verify_password(password, stored):
    _scheme, iterations, salt_hex, digest_hex = stored.split("$")
    digest = hashlib.pbkdf2_hmac(
        "sha256", password.encode("utf-8"), bytes.fromhex(salt_hex), int(iterations)
    )
    return hmac.compare_digest(digest.hex(), digest_hex)


# Checked when the username is unknown, so that a miss costs as much time as a wrong password.
DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


def public(user):
    return {"username": user["username"]}


@app.post("/register", status_code=201)
def register(credentials: Registration):
    if credentials.username in USERS:
        raise HTTPException(status_code=409, detail="username already taken")
    user = {"username": credentials.username, "password_hash": hash_password(credentials.password)}
    USERS[credentials.username] = user
    return public(user)


@app.post("/login")
def login(credentials: Login):
    user = USERS.get(credentials.username)
    stored = user["password_hash"] if user is not None else DUMMY_HASH
    password_ok = verify_password(credentials.password, stored)
    if user is None or not password_ok:
        raise HTTPException(status_code=401, detail="invalid username or password")
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
