"""Cohorts and their members: create, list, add a co-teacher or mentor, remove, archive."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pyroad.accounts import token_cache
from pyroad.accounts.models import Role, User
from pyroad.accounts.services import normalize_email
from pyroad.db import utcnow
from pyroad.errors import Conflict, Forbidden, InvalidInput, NotFound
from pyroad.teaching.models import Cohort, CohortMember, CohortRole

MAX_NAME = 120
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Who may open a cohort: the global roles that teach (a mentor is invited into one).
CREATORS = (Role.TEACHER, Role.ADMIN)


@dataclass(frozen=True)
class Membership:
    """A cohort as one member sees it: their role there and how many learners it has."""

    cohort: Cohort
    role: CohortRole | None  # None: an admin looking at a cohort they are not in
    learners: int


@dataclass(frozen=True)
class Member:
    user_id: int
    display_name: str
    email: str
    role: CohortRole
    joined_at: datetime


def clean_name(name: str) -> str:
    """A cohort name: 1–120 printable characters, surrounding spaces dropped."""
    name = name.strip()
    if not name or len(name) > MAX_NAME or CONTROL.search(name):
        raise InvalidInput(f"name: use 1 to {MAX_NAME} printable characters")
    return name


def create_cohort(session: Session, user: User, name: str) -> Cohort:
    """A new cohort with its creator as its first teacher."""
    if user.role not in CREATORS:
        raise Forbidden(
            "only teachers and admins may create cohorts; ask an admin to run "
            "`pyroad admin create EMAIL --role teacher` (or to change your role)"
        )
    cohort = Cohort(name=clean_name(name), created_by=user.id)
    session.add(cohort)
    session.flush()
    session.add(CohortMember(cohort_id=cohort.id, user_id=user.id, role=CohortRole.TEACHER))
    session.flush()
    return cohort


def rename_cohort(cohort: Cohort, name: str) -> Cohort:
    cohort.name = clean_name(name)
    return cohort


def set_archived(cohort: Cohort, archived: bool) -> Cohort:
    """An archived cohort keeps its history but admits nobody new (its invites stop working)."""
    if archived and cohort.archived_at is None:
        cohort.archived_at = utcnow()
    elif not archived:
        cohort.archived_at = None
    return cohort


def memberships(session: Session, user: User) -> list[Membership]:
    """The cohorts the user is in (every cohort for an admin), newest first."""
    learners = (
        select(CohortMember.cohort_id, func.count().label("n"))
        .where(CohortMember.role == CohortRole.LEARNER)
        .group_by(CohortMember.cohort_id)
        .subquery()
    )
    mine = (
        select(CohortMember.cohort_id, CohortMember.role)
        .where(CohortMember.user_id == user.id)
        .subquery()
    )
    query = (
        select(Cohort, mine.c.role, func.coalesce(learners.c.n, 0))
        .outerjoin(mine, mine.c.cohort_id == Cohort.id)
        .outerjoin(learners, learners.c.cohort_id == Cohort.id)
        .order_by(Cohort.id.desc())
    )
    if user.role != Role.ADMIN:
        query = query.where(mine.c.role.is_not(None))
    return [
        Membership(cohort, CohortRole(role) if role is not None else None, int(count))
        for cohort, role, count in session.execute(query)
    ]


def members(session: Session, cohort_id: int) -> list[Member]:
    """Everyone in the cohort: teachers, then mentors, then learners, each by name."""
    rows = session.execute(
        select(User.id, User.display_name, User.email, CohortMember.role, CohortMember.joined_at)
        .join(CohortMember, CohortMember.user_id == User.id)
        .where(CohortMember.cohort_id == cohort_id)
    ).all()
    order = {CohortRole.TEACHER: 0, CohortRole.MENTOR: 1, CohortRole.LEARNER: 2}
    found = [Member(row[0], row[1], row[2], CohortRole(row[3]), row[4]) for row in rows]
    return sorted(found, key=lambda m: (order[m.role], m.display_name.casefold(), m.user_id))


def learner_ids(session: Session, cohort_id: int) -> list[int]:
    return list(
        session.scalars(
            select(CohortMember.user_id)
            .where(CohortMember.cohort_id == cohort_id, CohortMember.role == CohortRole.LEARNER)
            .order_by(CohortMember.user_id)
        )
    )


def add_staff(session: Session, cohort: Cohort, email: str, role: CohortRole) -> CohortMember:
    """Add an existing account as a teacher or mentor of the cohort (learners join by invite).

    A member already in the cohort changes role (a learner may become its mentor).
    """
    if role == CohortRole.LEARNER:
        raise InvalidInput("role: learners join with an invite code; add teachers or mentors here")
    user = session.scalar(select(User).where(User.email == normalize_email(email)))
    if user is None:
        raise NotFound(
            f"no account with e-mail {email.strip()!r}; they sign up first (or an admin runs "
            "`pyroad admin create`)"
        )
    member = session.get(CohortMember, (cohort.id, user.id))
    if member is None:
        member = CohortMember(cohort_id=cohort.id, user_id=user.id, role=role)
        session.add(member)
    else:
        member.role = role
    if user.role == Role.LEARNER:
        user.role = Role.MENTOR  # the global role opens the Teach area to them
        token_cache.forget(session, user_id=user.id)  # cached sessions carry the role
    session.flush()
    return member


def remove_member(session: Session, cohort: Cohort, user_id: int) -> None:
    """Take someone out of the cohort; the last teacher stays (a cohort is never orphaned)."""
    member = session.get(CohortMember, (cohort.id, user_id))
    if member is None:
        raise NotFound(f"user {user_id} is not in cohort {cohort.name!r}")
    if member.role == CohortRole.TEACHER:
        teachers = session.scalar(
            select(func.count()).where(
                CohortMember.cohort_id == cohort.id, CohortMember.role == CohortRole.TEACHER
            )
        )
        if teachers == 1:
            raise Conflict(f"{cohort.name!r} needs at least one teacher; add another teacher first")
    session.delete(member)
    session.flush()


def leave(session: Session, cohort: Cohort, user: User) -> None:
    """A member leaves by themself (same rule: the last teacher cannot leave)."""
    remove_member(session, cohort, user.id)
