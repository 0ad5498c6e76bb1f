"""Password hashing with argon2id (pwdlib). Cheap parameters exist for tests only."""

from __future__ import annotations

from functools import lru_cache

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher


@lru_cache(maxsize=2)
def hasher(fast: bool = False) -> PasswordHash:
    if fast:
        return PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),))
    return PasswordHash((Argon2Hasher(),))


def hash_password(password: str, *, fast: bool = False) -> str:
    return hasher(fast).hash(password)


def verify_password(password: str, password_hash: str, *, fast: bool = False) -> bool:
    return hasher(fast).verify(password, password_hash)
