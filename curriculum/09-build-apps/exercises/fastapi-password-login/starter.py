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


def hash_password(password):
    """A salted PBKDF2 hash, as text that includes the salt."""
    return password  # TODO: never store the password itself!


def verify_password(password, stored):
    return password == stored


@app.post("/register")
def register(credentials: Credentials):
    user = {"username": credentials.username, "password_hash": hash_password(credentials.password)}
    USERS[credentials.username] = user
    return user

# Still to do: POST /login and GET /me
