"""Password hashing with argon2id (pwdlib). Cheap parameters exist for tests only.

At most one hash per CPU runs at a time in a process: argon2id takes about 64 MiB and a core
for tens of milliseconds, so a class signing up at once (100 requests on 40 threads) would
otherwise hold gigabytes and thrash; queued, each finishes sooner and memory stays bounded.
Callers hash before they take a database connection, so the queue never holds one.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher


@lru_cache(maxsize=2)
def hasher(fast: bool = False) -> PasswordHash:
    if fast:
        return PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),))
    return PasswordHash((Argon2Hasher(),))


_AT_ONCE = threading.BoundedSemaphore(max(1, len(os.sched_getaffinity(0))))


def hash_password(password: str, *, fast: bool = False) -> str:
    with _AT_ONCE:
        return hasher(fast).hash(password)


def verify_password(password: str, password_hash: str, *, fast: bool = False) -> bool:
    with _AT_ONCE:
        return hasher(fast).verify(password, password_hash)
