"""Invite codes: a join link per cohort, random, stored hashed, expiring, revocable.

A code is 128 random bits (``secrets.token_urlsafe(16)``, 22 characters) shown once when
it is made; only its SHA-256 is stored, so the database cannot give a valid link away.
Guessing is hopeless (and joining is rate limited per account on top); a known code that
was revoked, has expired or is used up answers 410 Gone with the reason, an unknown one 404.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pyroad.accounts import token_cache
from pyroad.accounts.models import Role, User
from pyroad.db import utcnow
from pyroad.errors import DomainError, InvalidInput, NotFound
from pyroad.teaching.models import Cohort, CohortMember, CohortRole, Invite, InviteRole

CODE_BYTES = 16
MAX_CODE_LENGTH = 64  # anything longer is not one of ours: refused before hashing
DEFAULT_DAYS = 14
MAX_DAYS = 365
MAX_USES = 10_000


class Gone(DomainError):
    """A code that existed but no longer admits anyone."""

    status = 410
    title = "Invite no longer valid"


@dataclass(frozen=True)
class NewInvite:
    """An invite just made, with the only copy of its code."""

    invite: Invite
    code: str

    def path(self) -> str:
        return join_path(self.code)


def join_path(code: str) -> str:
    return f"/join/{code}"


def digest(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def create_invite(
    session: Session,
    cohort: Cohort,
    creator: User,
    *,
    role: InviteRole = InviteRole.LEARNER,
    days: int = DEFAULT_DAYS,
    max_uses: int | None = None,
) -> NewInvite:
    """A fresh code for the cohort, valid ``days`` days (1–365) and ``max_uses`` joins."""
    if cohort.archived_at is not None:
        raise InvalidInput(f"cohort {cohort.name!r} is archived; unarchive it to invite people")
    if not 1 <= days <= MAX_DAYS:
        raise InvalidInput(f"days: an invite lasts 1 to {MAX_DAYS} days")
    if max_uses is not None and not 1 <= max_uses <= MAX_USES:
        raise InvalidInput(f"max_uses: 1 to {MAX_USES}, or leave it out for no limit")
    code = secrets.token_urlsafe(CODE_BYTES)
    invite = Invite(
        cohort_id=cohort.id,
        code_hash=digest(code),
        role=role,
        created_by=creator.id,
        expires_at=utcnow() + timedelta(days=days),
        uses=0,
        max_uses=max_uses,
    )
    session.add(invite)
    session.flush()
    return NewInvite(invite, code)


def list_invites(session: Session, cohort_id: int) -> list[Invite]:
    return list(
        session.scalars(
            select(Invite).where(Invite.cohort_id == cohort_id).order_by(Invite.id.desc())
        )
    )


def revoke_invite(session: Session, cohort_id: int, invite_id: int) -> Invite:
    """Stop a code working (at once, for everyone); revoking twice keeps the first time."""
    invite = session.get(Invite, invite_id)
    if invite is None or invite.cohort_id != cohort_id:
        raise NotFound(f"no invite with id {invite_id} in this cohort")
    if invite.revoked_at is None:
        invite.revoked_at = utcnow()
    session.flush()
    return invite


def state(invite: Invite, now: datetime | None = None) -> str:
    """active, revoked, expired or used up (what the teacher's list shows)."""
    now = now or utcnow()
    if invite.revoked_at is not None:
        return "revoked"
    if invite.expires_at <= now:
        return "expired"
    if invite.max_uses is not None and invite.uses >= invite.max_uses:
        return "used up"
    return "active"


def find_usable(session: Session, code: str) -> tuple[Invite, Cohort]:
    """The invite and its cohort if the code admits people now; else 404 or 410 with why."""
    invite = None
    if 0 < len(code) <= MAX_CODE_LENGTH:
        invite = session.scalar(select(Invite).where(Invite.code_hash == digest(code)))
    if invite is None:
        raise NotFound(
            "no invite with this code: check the link (all of it), or ask your teacher for a "
            "new one"
        )
    cohort = session.get(Cohort, invite.cohort_id)
    assert cohort is not None  # cascade: an invite never outlives its cohort
    why = state(invite)
    if why == "revoked":
        raise Gone("this invite was revoked by the teacher; ask them for a new link")
    if why == "expired":
        raise Gone(
            f"this invite expired on {invite.expires_at:%Y-%m-%d %H:%M} UTC; ask your teacher "
            "for a new link"
        )
    if why == "used up":
        raise Gone("this invite has been used as many times as allowed; ask for a new link")
    if cohort.archived_at is not None:
        raise Gone(f"cohort {cohort.name!r} is archived and admits nobody new")
    return invite, cohort


@dataclass(frozen=True)
class Joined:
    cohort: Cohort
    role: CohortRole
    already: bool  # was a member before: nothing changed, no use of the invite counted


def join(session: Session, user: User, code: str) -> Joined:
    """Put the user in the invite's cohort. Joining twice is harmless, and never lowers a
    role (a teacher who follows their own learner link stays its teacher)."""
    invite, cohort = find_usable(session, code)
    existing = session.get(CohortMember, (cohort.id, user.id))
    if existing is not None:
        return Joined(cohort, existing.role, already=True)
    role = CohortRole(invite.role.value)
    try:
        # A savepoint: the same person joining twice at once (double click, two tabs) finds
        # the other request's row instead of an error; nothing is counted for them.
        with session.begin_nested():
            session.add(CohortMember(cohort_id=cohort.id, user_id=user.id, role=role))
    except IntegrityError:
        existing = session.get(CohortMember, (cohort.id, user.id))
        if existing is None:
            raise
        return Joined(cohort, existing.role, already=True)
    # Counted with a conditional UPDATE so two people racing for the last use cannot both
    # win; the loser's membership row goes with the transaction the caller does not commit.
    counted = session.execute(
        update(Invite)
        .where(
            Invite.id == invite.id,
            Invite.revoked_at.is_(None),
            (Invite.max_uses.is_(None)) | (Invite.uses < Invite.max_uses),
        )
        .values(uses=Invite.uses + 1)
        .execution_options(synchronize_session=False)
    )
    if counted.rowcount != 1:  # type: ignore[attr-defined]
        raise Gone("this invite has just been used up or revoked; ask for a new link")
    if role == CohortRole.MENTOR and user.role == Role.LEARNER:
        user.role = Role.MENTOR  # the global role opens the Teach area to them
        token_cache.forget(session, user_id=user.id)  # cached sessions carry the role
    session.flush()
    session.refresh(invite)
    return Joined(cohort, role, already=False)
