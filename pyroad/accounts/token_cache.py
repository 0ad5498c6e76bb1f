"""A bounded in-process cache of token → user, so an authenticated read costs no token query.

Each entry keeps what the token row said (owner, kind, expiry) and the owner's columns, for
``TTL_S`` seconds at most. Expiry is checked on every hit against the stored ``expires_at``,
so a token stops working at its expiry to the second.

Invalidation: logging out, revoking, expiring a token and resetting a password go through
``accounts.services`` / ``accounts.reset``, which call ``forget_token`` / ``forget_user``
at once and again when the session commits; a generation counter keeps a request that read
the row before the change from putting the stale entry back. That is immediate **in this
process**. Other processes (``pyroad serve --workers N``, ``pyroad admin`` from a shell, a
direct database edit) are seen within ``TTL_S`` seconds, when their entries run out.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.orm.util import identity_key

from pyroad.accounts.models import TokenKind, User

TTL_S = 5.0
MAX_ENTRIES = 10_000
_PENDING_KEY = "pyroad_token_cache_forget"


@dataclass(frozen=True)
class Entry:
    user_id: int
    kind: TokenKind
    expires_at: datetime
    user_columns: dict[str, Any]
    stored_at: float

    def user_in(self, session: Session) -> User:
        """A fresh instance of the owner, attached to ``session`` without a query."""
        present = session.identity_map.get(identity_key(User, self.user_id))
        if isinstance(present, User):
            return present
        user = User(**self.user_columns)
        make_transient_to_detached(user)
        session.add(user)
        return user


class TokenCache:
    """Least-recently-used, bounded, thread-safe; entries live ``ttl_s`` seconds at most."""

    def __init__(self, ttl_s: float = TTL_S, max_entries: int = MAX_ENTRIES) -> None:
        self.ttl_s, self.max_entries = ttl_s, max_entries
        self._entries: OrderedDict[str, Entry] = OrderedDict()
        self._lock = threading.Lock()
        self._generation = 0

    @property
    def generation(self) -> int:
        """Read before looking a token up; ``put`` refuses if anything was forgotten since."""
        return self._generation

    def get(self, token_hash: str) -> Entry | None:
        with self._lock:
            entry = self._entries.get(token_hash)
            if entry is None:
                return None
            if time.monotonic() - entry.stored_at > self.ttl_s:
                del self._entries[token_hash]
                return None
            self._entries.move_to_end(token_hash)
            return entry

    def put(
        self, token_hash: str, user: User, kind: TokenKind, expires_at: datetime, generation: int
    ) -> None:
        columns = {attr.key: getattr(user, attr.key) for attr in inspect(User).column_attrs}
        entry = Entry(user.id, kind, expires_at, columns, time.monotonic())
        with self._lock:
            if generation != self._generation:
                return  # something was revoked meanwhile: this read may predate it
            self._entries[token_hash] = entry
            self._entries.move_to_end(token_hash)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def forget_token(self, token_hash: str) -> None:
        with self._lock:
            self._generation += 1
            self._entries.pop(token_hash, None)

    def forget_user(self, user_id: int) -> None:
        with self._lock:
            self._generation += 1
            for key in [k for k, e in self._entries.items() if e.user_id == user_id]:
                del self._entries[key]

    def clear(self) -> None:
        with self._lock:
            self._generation += 1
            self._entries.clear()


CACHE = TokenCache()


def forget(session: Session, *, token_hash: str | None = None, user_id: int | None = None) -> None:
    """Drop entries now and once more when ``session`` commits (see the module docstring)."""
    _apply(token_hash, user_id)
    session.info.setdefault(_PENDING_KEY, []).append((token_hash, user_id))


def _apply(token_hash: str | None, user_id: int | None) -> None:
    if token_hash is not None:
        CACHE.forget_token(token_hash)
    if user_id is not None:
        CACHE.forget_user(user_id)


@event.listens_for(Session, "after_commit")
def _forget_committed(session: Session) -> None:
    for token_hash, user_id in session.info.pop(_PENDING_KEY, []):
        _apply(token_hash, user_id)


@event.listens_for(Session, "after_rollback")
def _drop_pending(session: Session) -> None:
    session.info.pop(_PENDING_KEY, None)
