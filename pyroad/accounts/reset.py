"""Password reset by a one-time link: issued to the account's e-mail or by an administrator.

The link carries a random token stored only as its SHA-256 (an ``AuthToken`` of kind
``reset``). It lasts an hour and works once; using it sets the new password and signs the
account out everywhere (sessions, API tokens and any other reset link), since a reset often
follows a leaked password.
"""

from __future__ import annotations

import difflib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from pyroad.accounts import token_cache
from pyroad.accounts.mail import try_send_mail
from pyroad.accounts.models import AuthToken, TokenKind, User
from pyroad.accounts.passwords import hash_password
from pyroad.accounts.services import (
    check_password_policy,
    digest,
    normalize_email,
    validate_email,
)
from pyroad.accounts.throttle import ResetThrottle
from pyroad.config import Settings
from pyroad.db import transaction, utcnow
from pyroad.errors import DomainError

RESET_LIFETIME = timedelta(hours=1)
log = logging.getLogger("pyroad.accounts")


class InvalidResetLink(DomainError):
    """Unknown, used and expired links get one answer: which one is nobody's business.

    404, not 400: the request is well formed, the link it names does not exist (any more).
    """

    status = 404
    title = "Invalid reset link"

    def __init__(self) -> None:
        super().__init__("this reset link is invalid or has expired; request a new one")


@dataclass(frozen=True)
class IssuedReset:
    token: str
    user: User
    expires_at: datetime

    def url(self, base_url: str) -> str:
        return f"{base_url.rstrip('/')}/reset/{self.token}"


def find_user(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == normalize_email(email)))


def similar_emails(session: Session, email: str, limit: int = 3) -> list[str]:
    """Registered addresses close to a mistyped one (for the administrator's CLI)."""
    known = list(session.scalars(select(User.email).limit(100_000)))
    return difflib.get_close_matches(normalize_email(email), known, n=limit, cutoff=0.6)


def issue_reset(session: Session, user: User) -> IssuedReset:
    """A new one-time link for ``user``; earlier unused links stay valid until one is used."""
    token = secrets.token_urlsafe(32)
    expires_at = utcnow() + RESET_LIFETIME
    session.add(
        AuthToken(
            user_id=user.id, token_hash=digest(token), kind=TokenKind.RESET, expires_at=expires_at
        )
    )
    session.flush()
    return IssuedReset(token=token, user=user, expires_at=expires_at)


def _live_row(session: Session, token: str) -> AuthToken:
    row = session.scalar(
        select(AuthToken).where(
            AuthToken.token_hash == digest(token), AuthToken.kind == TokenKind.RESET
        )
    )
    if row is None or row.revoked or row.expires_at <= utcnow():
        raise InvalidResetLink
    return row


def user_for_reset(session: Session, token: str) -> User:
    """The account a still-usable link resets (raises ``InvalidResetLink`` otherwise)."""
    return _live_row(session, token).user


def reset_password(session: Session, token: str, password: str, *, fast_hash: bool = False) -> User:
    """Use the link: set ``password`` and revoke every token of the account.

    The password is checked before the link is spent, so a refused password does not burn
    it; the link is claimed with a conditional UPDATE, so two concurrent uses cannot both win.
    """
    check_password_policy(password)
    row = _live_row(session, token)
    claimed = session.execute(
        update(AuthToken)
        .where(AuthToken.id == row.id, AuthToken.revoked.is_(False))
        .values(revoked=True)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise InvalidResetLink
    user = row.user
    token_cache.forget(session, user_id=user.id)
    user.password_hash = hash_password(password, fast=fast_hash)
    session.execute(
        update(AuthToken)
        .where(AuthToken.user_id == user.id, AuthToken.revoked.is_(False))
        .values(revoked=True)
        .execution_options(synchronize_session=False)
    )
    session.flush()
    session.expire_all()
    return user


MAIL_ON_ITS_WAY = (
    "if an account uses this e-mail, a link to reset its password is on its way; "
    "it works once, within an hour"
)
NO_MAIL = (
    "this server cannot send e-mail: ask your administrator for a reset link "
    "(they run `pyroad admin reset-password EMAIL`)"
)


def accept_request(throttle: ResetThrottle, email: str, client: str) -> str:
    """Check and count a reset request; returns the normalised e-mail.

    Nothing here depends on whether an account uses the e-mail, so neither does the answer.
    """
    email = normalize_email(email)
    validate_email(email)
    throttle.hit(email, client)
    return email


def link_base(settings: Settings, request_base: str) -> str:
    """Where links point: ``PYROAD_PUBLIC_URL``, else the address the request came to."""
    return settings.public_url or request_base


RESET_SUBJECT = "Reset your pyroad password"


def reset_mail_body(link: str, expires_at: datetime) -> str:
    return (
        "Someone (hopefully you) asked to reset the password of your pyroad account.\n\n"
        f"Choose a new password here:\n\n    {link}\n\n"
        f"The link works once, until {expires_at:%Y-%m-%d %H:%M} UTC. Using it signs you out "
        "everywhere else.\n\n"
        "If you did not ask for this, ignore this e-mail: your password stays as it is.\n"
    )


def mail_reset_link(
    sessions: sessionmaker[Session], settings: Settings, email: str, base_url: str
) -> None:
    """Issue a link and e-mail it, if ``email`` has an account; otherwise do nothing.

    Runs after the response was sent, so the answer (and its timing) is the same for known
    and unknown addresses; a failing SMTP server is logged, and the unsent link expires.
    """
    try:
        with transaction(sessions) as session:
            user = find_user(session, email)
            if user is None:
                return
            issued = issue_reset(session, user)
            address = user.email
    except Exception:
        log.exception("could not issue a password-reset link")
        return
    if try_send_mail(
        settings, address, RESET_SUBJECT, reset_mail_body(issued.url(base_url), issued.expires_at)
    ):
        log.info("password-reset link e-mailed to account %d", issued.user.id)
