import hashlib
import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, status
from pydantic import BaseModel, StringConstraints

USERS = {}
SESSIONS = {}

ROUNDS = 120_000
SCHEME = "pbkdf2_sha256"

Username = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{3,30}$")]
Password = Annotated[str, StringConstraints(min_length=8)]


class NewUser(BaseModel):
    username: Username
    password: Password


class LoginForm(BaseModel):
    username: str
    password: str


class PublicUser(BaseModel):
    username: str


def _derive(password, salt, rounds):
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, rounds)


def hash_password(password):
    salt = secrets.token_bytes(32)
    return "$".join([SCHEME, str(ROUNDS), salt.hex(), _derive(password, salt, ROUNDS).hex()])


def verify_password(password, stored):
    parts = stored.split("$")
    if len(parts) != 4 or parts[0] != SCHEME:
        return False
    _, rounds, salt, digest = parts
    return hmac.compare_digest(_derive(password, bytes.fromhex(salt), int(rounds)), bytes.fromhex(digest))


_DECOY = hash_password("decoy password that nobody has")
_REFUSED = HTTPException(status.HTTP_401_UNAUTHORIZED, "invalid username or password")


def current_username(authorization: Annotated[str | None, Header()] = None):
    if authorization:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() == "bearer" and token in SESSIONS:
            return SESSIONS[token]
    raise HTTPException(status.HTTP_401_UNAUTHORIZED, "not logged in", headers={"WWW-Authenticate": "Bearer"})


router = APIRouter()


@router.post("/register", status_code=status.HTTP_201_CREATED, response_model=PublicUser)
def register(new: NewUser):
    if new.username in USERS:
        raise HTTPException(status.HTTP_409_CONFLICT, "taken")
    USERS[new.username] = {"username": new.username, "password_hash": hash_password(new.password)}
    return USERS[new.username]


@router.post("/login")
def login(form: LoginForm):
    record = USERS.get(form.username)
    matches = verify_password(form.password, record["password_hash"] if record else _DECOY)
    if not (record and matches):
        raise _REFUSED
    token = secrets.token_urlsafe(32)
    SESSIONS[token] = form.username
    return {"access_token": token, "token_type": "bearer"}


@router.get("/me", response_model=PublicUser)
def me(username: Annotated[str, Depends(current_username)]):
    return USERS[username]


app = FastAPI()
app.include_router(router)
