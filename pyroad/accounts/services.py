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

from pyroad.accounts.models import AuthToken, Role, TokenKind, User
from pyroad.accounts.passwords import hash_password, verify_password
from pyroad.accounts.throttle import LoginThrottle
from pyroad.db import utcnow
from pyroad.errors import Conflict, InvalidInput, Unauthenticated

MIN_PASSWORD = 8
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


def register(
    session: Session, email: str, password: str, display_name: str, *, fast_hash: bool = False
) -> User:
    email = normalize_email(email)
    validate_email(email)
    if len(display_name) > 80 or CONTROL.search(display_name):
        raise InvalidInput("display_name: use at most 80 printable characters")
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"password: use at least {MIN_PASSWORD} characters")
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise Conflict(f"an account with the e-mail {email!r} already exists; log in instead")
    first_user = session.scalar(select(func.count(User.id))) == 0
    user = User(
        email=email,
        display_name=display_name.strip() or email.split("@")[0],
        password_hash=hash_password(password, fast=fast_hash),
        # The first account on a fresh install administers it.
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
    if user is None:
        if fast_hash not in _DUMMY_HASH:
            _DUMMY_HASH[fast_hash] = hash_password(secrets.token_hex(16), fast=fast_hash)
        verify_password(password, _DUMMY_HASH[fast_hash], fast=fast_hash)
        raise Unauthenticated("wrong e-mail or password")
    if not verify_password(password, user.password_hash, fast=fast_hash):
        raise Unauthenticated("wrong e-mail or password")
    return user


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session: Session, user: User, kind: TokenKind, days: int) -> IssuedToken:
    token = secrets.token_urlsafe(32)
    session.add(
        AuthToken(
            user_id=user.id,
            token_hash=_digest(token),
            kind=kind,
            expires_at=utcnow() + timedelta(days=days),
        )
    )
    session.flush()
    return IssuedToken(token=token, user=user, kind=kind)


def user_for_token(session: Session, token: str, kind: TokenKind) -> User:
    """The user a token belongs to; precise errors for unknown, revoked and expired tokens.

    ``kind`` is how it arrived: a browser cookie must be a session token and a bearer header
    an API token, so a token leaked from one channel does not work in the other.
    """
    row = session.scalar(select(AuthToken).where(AuthToken.token_hash == _digest(token)))
    if row is None or row.revoked or row.kind is not kind:
        raise Unauthenticated("your session is not valid (logged out?); log in again")
    if row.expires_at <= utcnow():
        raise Unauthenticated("your session has expired; log in again")
    return row.user


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
    row = session.scalar(select(AuthToken).where(AuthToken.token_hash == _digest(token)))
    if row is not None:
        row.revoked = True


def expire_token(session: Session, token: str) -> None:
    """End a token's life now (used by tests of session expiry and by admins)."""
    row = session.scalar(select(AuthToken).where(AuthToken.token_hash == _digest(token)))
    if row is not None:
        row.expires_at = utcnow() - timedelta(seconds=1)
