"""Registration, log-in and token authentication."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pyroad.accounts import token_cache
from pyroad.accounts.models import AuthToken, Role, TokenKind, User
from pyroad.accounts.passwords import hash_password, verify_password
from pyroad.accounts.throttle import LoginThrottle
from pyroad.db import bound, utcnow
from pyroad.errors import Conflict, InvalidInput, Unauthenticated

MIN_PASSWORD = 8
MAX_PASSWORD = 256  # as the API schema; argon2 hashes any length, the limit bounds the work
# A real hash of a random password: verifying against it when the e-mail is unknown keeps
# the response time of "unknown e-mail" and "wrong password" alike (no account probing).
_DUMMY_HASH: dict[bool, str] = {}


@dataclass(frozen=True)
class IssuedToken:
    token: str
    user: User
    kind: TokenKind


CONTROL = re.compile(r"[\x00-\x1f\x7f]")
EMAIL = re.compile(r"^[^@\x00-\x20\x7f]+@[^@\x00-\x20\x7f]+\.[^@\x00-\x20\x7f]+$")


def normalize_email(email: str) -> str:
    return email.strip().lower()


def validate_email(email: str) -> None:
    """One rule for the API, the sign-up page and the CLI."""
    if len(email) > 254 or not EMAIL.match(email):
        raise InvalidInput(f"email: {email!r} is not a valid e-mail address (like ada@example.com)")


def check_password_policy(password: str) -> None:
    """One rule for sign-up and password reset, on every channel."""
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"password: use at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise InvalidInput(f"password: use at most {MAX_PASSWORD} characters")


def register(
    session: Session,
    email: str,
    password: str,
    display_name: str,
    *,
    fast_hash: bool = False,
    first_admin: bool = False,
) -> User:
    email = normalize_email(email)
    validate_email(email)
    if len(display_name) > 80 or CONTROL.search(display_name):
        raise InvalidInput("display_name: use at most 80 printable characters")
    check_password_policy(password)
    # Hashed before the first query: the session takes its pooled connection at that query
    # and keeps it to the commit, and a hash under load takes long enough to empty the pool.
    password_hash = hash_password(password, fast=fast_hash)
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise Conflict(f"an account with the e-mail {email!r} already exists; log in instead")
    # Only in development (first_admin): elsewhere `pyroad admin create` makes the first admin,
    # so a stranger who signs up first on a fresh public install does not administer it.
    first_user = first_admin and session.scalar(select(func.count(User.id))) == 0
    user = User(
        email=email,
        display_name=display_name.strip() or email.split("@")[0],
        password_hash=password_hash,
        role=Role.ADMIN if first_user else Role.LEARNER,
    )
    session.add(user)
    try:
        session.flush()
    except IntegrityError:
        raise Conflict(
            f"an account with the e-mail {email!r} already exists; log in instead"
        ) from None
    return user


def authenticate(
    session: Session,
    email: str,
    password: str,
    *,
    fast_hash: bool = False,
    throttle: LoginThrottle | None = None,
) -> User:
    email = normalize_email(email)
    if throttle is not None:
        throttle.check(email)
    try:
        user = _check_password(session, email, password, fast_hash)
    except Unauthenticated:
        if throttle is not None:
            throttle.failed(email)
        raise
    if throttle is not None:
        throttle.succeeded(email)
    return user


def _check_password(session: Session, email: str, password: str, fast_hash: bool) -> User:
    user = session.scalar(select(User).where(User.email == email))
    # End the read before the slow verify, so its pooled connection goes back meanwhile (a
    # class logging in at once would otherwise hold the pool while hashing). Nothing is
    # pending here: login is the request's first use of its session.
    session.commit()
    if user is None:
        if fast_hash not in _DUMMY_HASH:
            _DUMMY_HASH[fast_hash] = hash_password(secrets.token_hex(16), fast=fast_hash)
        verify_password(password, _DUMMY_HASH[fast_hash], fast=fast_hash)
        raise Unauthenticated("wrong e-mail or password")
    if not verify_password(password, user.password_hash, fast=fast_hash):
        raise Unauthenticated("wrong e-mail or password")
    return user


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session: Session, user: User, kind: TokenKind, days: int) -> IssuedToken:
    token = secrets.token_urlsafe(32)
    session.add(
        AuthToken(
            user_id=user.id,
            token_hash=digest(token),
            kind=kind,
            expires_at=utcnow() + timedelta(days=days),
        )
    )
    session.flush()
    return IssuedToken(token=token, user=user, kind=kind)


def cached_token(hashed: str, kind: TokenKind) -> token_cache.Entry | None:
    """The token cache's answer for a hashed token (None: not held, ask the database)."""
    cached = token_cache.CACHE.get(hashed)
    if cached is not None:
        if cached.kind is not kind:
            raise Unauthenticated("your session is not valid (logged out?); log in again")
        if cached.expires_at <= utcnow():
            raise Unauthenticated("your session has expired; log in again")
    return cached


def cached_user(session: Session, token: str, kind: TokenKind) -> User | None:
    """The token's user from the token cache alone (no query), attached to ``session``;
    None when the cache does not hold it. Errors as :func:`user_for_token`'s."""
    cached = cached_token(digest(token), kind)
    return None if cached is None else cached.user_in(session)


def user_for_token(session: Session, token: str, kind: TokenKind) -> User:
    """The user a token belongs to; precise errors for unknown, revoked and expired tokens.

    ``kind`` is how it arrived: a browser cookie must be a session token and a bearer header
    an API token, so a token leaked from one channel does not work in the other. Answers
    come from ``token_cache`` for a few seconds (one query, token and user joined, on a miss).
    """
    cached = cached_user(session, token, kind)
    if cached is not None:
        return cached
    hashed = digest(token)
    generation = token_cache.CACHE.generation
    found = session.execute(_TOKEN_AND_USER, {"token_hash": hashed}).first()
    if found is None or found[0].revoked or found[0].kind is not kind:
        raise Unauthenticated("your session is not valid (logged out?); log in again")
    row, user = found
    if row.expires_at <= utcnow():
        raise Unauthenticated("your session has expired; log in again")
    token_cache.CACHE.put(hashed, user, row.kind, row.expires_at, generation)
    return user


# Built once (see ``pyroad.db.bound``): read on every token-cache miss (each learner's
# token, every few seconds, in a burst).
_TOKEN_AND_USER = (
    select(AuthToken, User)
    .join(User, AuthToken.user_id == User.id)
    .where(AuthToken.token_hash == bound(AuthToken.token_hash, "token_hash"))
)


def purge_expired_tokens(session: Session, older_than: timedelta = timedelta(days=1)) -> int:
    """Delete tokens that expired (or were revoked) more than ``older_than`` ago."""
    cutoff = utcnow() - older_than
    result = session.execute(
        delete(AuthToken).where(
            (AuthToken.expires_at < cutoff) | (AuthToken.revoked & (AuthToken.created_at < cutoff))
        )
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def revoke_token(session: Session, token: str) -> None:
    row = session.scalar(select(AuthToken).where(AuthToken.token_hash == digest(token)))
    token_cache.forget(session, token_hash=digest(token))
    if row is not None:
        row.revoked = True


def expire_token(session: Session, token: str) -> None:
    """End a token's life now (used by tests of session expiry and by admins)."""
    row = session.scalar(select(AuthToken).where(AuthToken.token_hash == digest(token)))
    token_cache.forget(session, token_hash=digest(token))
    if row is not None:
        row.expires_at = utcnow() - timedelta(seconds=1)
