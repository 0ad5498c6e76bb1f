"""Who may act on a cohort and see a learner's work. Every teaching and mentoring check goes
through these helpers, so the rules live in one place:

- an admin may do everything;
- a cohort's teachers manage it (members, invites, assignments) and see its learners' work;
- its mentors see its learners' work and comment, but do not manage the cohort;
- its learners see only their own work;
- to anyone outside a cohort, the cohort does not exist (404, not 403, so ids cannot be probed).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from pyroad.accounts.models import Role, User
from pyroad.errors import Forbidden, NotFound
from pyroad.teaching.models import Cohort, CohortMember, CohortRole

STAFF_ROLES = (CohortRole.TEACHER, CohortRole.MENTOR)


def member_role(session: Session, user_id: int, cohort_id: int) -> CohortRole | None:
    """The user's role in the cohort, or None when they are not in it."""
    return session.scalar(
        select(CohortMember.role).where(
            CohortMember.cohort_id == cohort_id, CohortMember.user_id == user_id
        )
    )


def is_staff_of(session: Session, user: User, cohort_id: int) -> bool:
    """True for a teacher or mentor of that cohort, and for an admin."""
    if user.role == Role.ADMIN:
        return True
    return member_role(session, user.id, cohort_id) in STAFF_ROLES


def require_cohort(
    session: Session, user: User, cohort_id: int
) -> tuple[Cohort, CohortRole | None]:
    """The cohort and the user's role in it (None for an admin outside it); 404 when the
    cohort does not exist or the user is not in it at all."""
    cohort = session.get(Cohort, cohort_id)
    role = member_role(session, user.id, cohort_id) if cohort is not None else None
    if cohort is None or (role is None and user.role != Role.ADMIN):
        raise NotFound(f"no cohort with id {cohort_id} that you are a member of")
    return cohort, role


def require_cohort_staff(
    session: Session, user: User, cohort_id: int, *, teacher_only: bool = False
) -> Cohort:
    """The cohort, if the user may act on it as staff (as its teacher when ``teacher_only``).

    404 when the cohort does not exist or the user is not in it; 403 with the reason when
    the user is in it but as a learner, or as a mentor where a teacher is needed.
    """
    cohort, role = require_cohort(session, user, cohort_id)
    if user.role == Role.ADMIN or role == CohortRole.TEACHER:
        return cohort
    if role == CohortRole.MENTOR and not teacher_only:
        return cohort
    if role == CohortRole.MENTOR:
        raise Forbidden(f"only a teacher of cohort {cohort.name!r} may do this; you are its mentor")
    raise Forbidden(
        f"you are a learner in cohort {cohort.name!r}; only its teachers and mentors may do this"
    )


def can_view_learner(session: Session, staff: User, learner_id: int) -> bool:
    """True when ``staff`` is an admin, or a teacher or mentor of a cohort the learner is in.

    A learner viewing themself is the caller's business (this answers only the staff case).
    """
    if staff.role == Role.ADMIN:
        return True
    mine = aliased(CohortMember)
    theirs = aliased(CohortMember)
    found = session.scalar(
        select(theirs.user_id)
        .join(mine, mine.cohort_id == theirs.cohort_id)
        .where(
            mine.user_id == staff.id,
            mine.role.in_(STAFF_ROLES),
            theirs.user_id == learner_id,
            theirs.role == CohortRole.LEARNER,
        )
        .limit(1)
    )
    return found is not None


def staff_cohort_ids(session: Session, user: User) -> list[int]:
    """Ids of the cohorts the user teaches or mentors (every cohort for an admin)."""
    if user.role == Role.ADMIN:
        return list(session.scalars(select(Cohort.id).order_by(Cohort.id)))
    return list(
        session.scalars(
            select(CohortMember.cohort_id)
            .where(CohortMember.user_id == user.id, CohortMember.role.in_(STAFF_ROLES))
            .order_by(CohortMember.cohort_id)
        )
    )


def is_staff_anywhere(session: Session, user: User) -> bool:
    """Whether the "Teach" area is for this user: an admin, a teacher or a mentor by global
    role, or a teacher or mentor of some cohort."""
    if user.role in (Role.ADMIN, Role.TEACHER, Role.MENTOR):
        return True
    found = session.scalar(
        select(CohortMember.cohort_id)
        .where(CohortMember.user_id == user.id, CohortMember.role.in_(STAFF_ROLES))
        .limit(1)
    )
    return found is not None
