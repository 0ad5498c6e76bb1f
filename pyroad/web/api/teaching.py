"""Cohorts, their members, invites and assignments; a learner's assignments; joining.

Every route decides who may act through ``pyroad.teaching.access``: outside a cohort it does
not exist (404); inside, learners may read it but not manage it, mentors may read its
members but only teachers change it (403 with the reason).
"""

from __future__ import annotations

import threading
from typing import Any

from fastapi import APIRouter, Request, Response

from pyroad.accounts.models import User
from pyroad.curriculum.model import Catalog
from pyroad.ratelimit import RateLimiter
from pyroad.teaching import access, assignments, cohorts, invites
from pyroad.teaching.models import Assignment, Cohort, CohortRole, Invite
from pyroad.teaching.schemas import (
    AssignedExerciseOut,
    AssignedOut,
    AssignmentIn,
    AssignmentOut,
    AssignmentPatch,
    CohortIn,
    CohortOut,
    CohortPatch,
    InviteIn,
    InviteOut,
    JoinedOut,
    JoinIn,
    MemberOut,
    NewInviteOut,
    StaffIn,
)
from pyroad.web.deps import CatalogDep, CurrentUser, PlatformDep, RowId, SessionDep
from pyroad.web.errors import problem_responses

router = APIRouter(tags=["teaching"])
JOIN_PER_MINUTE = 10  # per account; codes are unguessable anyway, this stops spraying
_LIMITER_LOCK = threading.Lock()
GONE: dict[int | str, dict[str, Any]] = {
    410: {"description": "The invite was revoked, has expired or is used up"}
}


def join_limiter(request: Request) -> RateLimiter:
    """One per app (kept on its state), so tests and processes do not share counts."""
    with _LIMITER_LOCK:
        limiter: RateLimiter | None = getattr(request.app.state, "teaching_join_limiter", None)
        if limiter is None:
            limiter = RateLimiter(JOIN_PER_MINUTE, noun="invite attempts")
            request.app.state.teaching_join_limiter = limiter
        return limiter


# --- shapes -----------------------------------------------------------------------------


def cohort_out(membership: cohorts.Membership) -> CohortOut:
    cohort = membership.cohort
    return CohortOut(
        id=cohort.id,
        name=cohort.name,
        created_at=cohort.created_at,
        archived_at=cohort.archived_at,
        my_role=membership.role,
        learners=membership.learners,
    )


def invite_out(invite: Invite) -> dict[str, Any]:
    return {
        "id": invite.id,
        "role": invite.role,
        "created_at": invite.created_at,
        "expires_at": invite.expires_at,
        "revoked_at": invite.revoked_at,
        "uses": invite.uses,
        "max_uses": invite.max_uses,
        "state": invites.state(invite),
    }


def assignment_out(catalog: Catalog, assignment: Assignment) -> AssignmentOut:
    return AssignmentOut(
        id=assignment.id,
        cohort_id=assignment.cohort_id,
        kind="exercise" if assignment.exercise_slug is not None else "step",
        exercise_slug=assignment.exercise_slug,
        step=assignment.step,
        title=assignments.title_of(catalog, assignment),
        url=assignments.url_of(assignment),
        due_at=assignment.due_at,
        created_at=assignment.created_at,
        exercises=[e.slug for e in assignments.exercises_of(catalog, assignment)],
    )


def assigned_out(item: assignments.Assigned) -> AssignedOut:
    return AssignedOut(
        id=item.id,
        cohort_id=item.cohort_id,
        cohort_name=item.cohort_name,
        kind="exercise" if item.kind == "exercise" else "step",
        title=item.title,
        url=item.url,
        due_at=item.due_at,
        status=item.status,
        late=item.late,
        solved=item.solved,
        total=item.total,
        exercises=[
            AssignedExerciseOut(
                slug=e.slug,
                title=e.title,
                url=e.url,
                solved=e.solved,
                late=e.late,
                attempts=e.attempts,
                passed_at=e.passed_at,
            )
            for e in item.exercises
        ],
    )


def _membership(session: SessionDep, user: User, cohort: Cohort) -> cohorts.Membership:
    found = next((m for m in cohorts.memberships(session, user) if m.cohort.id == cohort.id), None)
    assert found is not None  # the caller checked access
    return found


# --- cohorts ------------------------------------------------------------------------------


@router.post(
    "/cohorts",
    status_code=201,
    response_model=CohortOut,
    responses=problem_responses(401, 403, 422),
)
def create_cohort(
    body: CohortIn, response: Response, user: CurrentUser, session: SessionDep
) -> CohortOut:
    """Open a cohort; you become its first teacher (teachers and admins only)."""
    cohort = cohorts.create_cohort(session, user, body.name)
    session.commit()
    response.headers["Location"] = f"/api/v1/cohorts/{cohort.id}"
    return cohort_out(cohorts.Membership(cohort, CohortRole.TEACHER, 0))


@router.get("/cohorts", response_model=list[CohortOut], responses=problem_responses(401))
def list_cohorts(user: CurrentUser, session: SessionDep) -> list[CohortOut]:
    """The cohorts you are in, with your role in each (every cohort for an admin)."""
    return [cohort_out(m) for m in cohorts.memberships(session, user)]


@router.get("/cohorts/{cohort_id}", response_model=CohortOut, responses=problem_responses(401, 404))
def get_cohort(cohort_id: RowId, user: CurrentUser, session: SessionDep) -> CohortOut:
    """A cohort you are in (as learner, mentor or teacher)."""
    cohort, _ = access.require_cohort(session, user, cohort_id)
    return cohort_out(_membership(session, user, cohort))


@router.patch(
    "/cohorts/{cohort_id}",
    response_model=CohortOut,
    responses=problem_responses(401, 403, 404, 422),
)
def patch_cohort(
    cohort_id: RowId, body: CohortPatch, user: CurrentUser, session: SessionDep
) -> CohortOut:
    """Rename or (un)archive a cohort (its teachers)."""
    cohort = access.require_cohort_staff(session, user, cohort_id, teacher_only=True)
    if body.name is not None:
        cohorts.rename_cohort(cohort, body.name)
    if body.archived is not None:
        cohorts.set_archived(cohort, body.archived)
    session.commit()
    return cohort_out(_membership(session, user, cohort))


@router.get(
    "/cohorts/{cohort_id}/members",
    response_model=list[MemberOut],
    responses=problem_responses(401, 403, 404),
)
def list_members(cohort_id: RowId, user: CurrentUser, session: SessionDep) -> list[MemberOut]:
    """Teachers, mentors and learners of the cohort (its teachers and mentors only)."""
    access.require_cohort_staff(session, user, cohort_id)
    return [MemberOut(**vars(m)) for m in cohorts.members(session, cohort_id)]


@router.post(
    "/cohorts/{cohort_id}/members",
    status_code=201,
    response_model=MemberOut,
    responses=problem_responses(401, 403, 404, 422),
)
def add_staff(cohort_id: RowId, body: StaffIn, user: CurrentUser, session: SessionDep) -> MemberOut:
    """Add an existing account as a teacher or mentor (learners join with an invite)."""
    cohort = access.require_cohort_staff(session, user, cohort_id, teacher_only=True)
    member = cohorts.add_staff(session, cohort, body.email, CohortRole(body.role))
    session.commit()
    found = next(m for m in cohorts.members(session, cohort_id) if m.user_id == member.user_id)
    return MemberOut(**vars(found))


@router.delete(
    "/cohorts/{cohort_id}/members/{user_id}",
    status_code=204,
    responses=problem_responses(401, 403, 404, 409),
)
def remove_member(
    cohort_id: RowId, user_id: RowId, user: CurrentUser, session: SessionDep
) -> Response:
    """Remove a member (its teachers), or leave the cohort yourself (anyone in it)."""
    if user_id == user.id:
        cohort, _ = access.require_cohort(session, user, cohort_id)
    else:
        cohort = access.require_cohort_staff(session, user, cohort_id, teacher_only=True)
    cohorts.remove_member(session, cohort, user_id)
    session.commit()
    return Response(status_code=204)


# --- invites ------------------------------------------------------------------------------


@router.post(
    "/cohorts/{cohort_id}/invites",
    status_code=201,
    response_model=NewInviteOut,
    responses=problem_responses(401, 403, 404, 422),
)
def create_invite(
    cohort_id: RowId,
    body: InviteIn,
    user: CurrentUser,
    session: SessionDep,
    platform: PlatformDep,
) -> NewInviteOut:
    """A join code and link for the cohort. The code is shown only in this answer."""
    cohort = access.require_cohort_staff(session, user, cohort_id, teacher_only=True)
    made = invites.create_invite(
        session, cohort, user, role=body.role, days=body.days, max_uses=body.max_uses
    )
    session.commit()
    base = (platform.settings.public_url or "").rstrip("/")
    return NewInviteOut(**invite_out(made.invite), code=made.code, join_url=f"{base}{made.path()}")


@router.get(
    "/cohorts/{cohort_id}/invites",
    response_model=list[InviteOut],
    responses=problem_responses(401, 403, 404),
)
def list_invites(cohort_id: RowId, user: CurrentUser, session: SessionDep) -> list[InviteOut]:
    """The cohort's invites and their state (codes are not kept, so not shown)."""
    access.require_cohort_staff(session, user, cohort_id, teacher_only=True)
    return [InviteOut(**invite_out(i)) for i in invites.list_invites(session, cohort_id)]


@router.post(
    "/cohorts/{cohort_id}/invites/{invite_id}/revoke",
    response_model=InviteOut,
    responses=problem_responses(401, 403, 404),
)
def revoke_invite(
    cohort_id: RowId, invite_id: RowId, user: CurrentUser, session: SessionDep
) -> InviteOut:
    """Stop a code working, at once and for everyone (members who joined stay)."""
    access.require_cohort_staff(session, user, cohort_id, teacher_only=True)
    invite = invites.revoke_invite(session, cohort_id, invite_id)
    session.commit()
    return InviteOut(**invite_out(invite))


@router.post(
    "/join",
    response_model=JoinedOut,
    responses={**problem_responses(401, 403, 404, 422, 429), **GONE},
)
def join(request: Request, body: JoinIn, user: CurrentUser, session: SessionDep) -> JoinedOut:
    """Join a cohort with an invite code (10 tries a minute per account).

    Unknown code → 404; revoked, expired or used-up code → 410 with the reason. Joining a
    cohort you are already in changes nothing.
    """
    join_limiter(request).record(user.id)
    joined = invites.join(session, user, body.code)
    session.commit()
    return JoinedOut(
        cohort=cohort_out(_membership(session, user, joined.cohort)),
        role=joined.role,
        already_member=joined.already,
    )


# --- assignments --------------------------------------------------------------------------


@router.post(
    "/cohorts/{cohort_id}/assignments",
    status_code=201,
    response_model=AssignmentOut,
    responses=problem_responses(401, 403, 404, 422),
)
def create_assignment(
    cohort_id: RowId,
    body: AssignmentIn,
    user: CurrentUser,
    session: SessionDep,
    catalog: CatalogDep,
) -> AssignmentOut:
    """Assign one exercise (`exercise_slug`) or a whole step (`step`), with an optional due
    date. Work after the due date is accepted and marked late, never refused."""
    cohort = access.require_cohort_staff(session, user, cohort_id, teacher_only=True)
    assignment = assignments.create_assignment(
        session,
        catalog,
        cohort,
        user,
        exercise_slug=body.exercise_slug,
        step=body.step,
        due_at=body.due_at,
    )
    session.commit()
    return assignment_out(catalog, assignment)


@router.get(
    "/cohorts/{cohort_id}/assignments",
    response_model=list[AssignmentOut],
    responses=problem_responses(401, 404),
)
def list_assignments(
    cohort_id: RowId, user: CurrentUser, session: SessionDep, catalog: CatalogDep
) -> list[AssignmentOut]:
    """The cohort's assignments, soonest due first (any member may read them)."""
    access.require_cohort(session, user, cohort_id)
    return [assignment_out(catalog, a) for a in assignments.list_assignments(session, cohort_id)]


@router.patch(
    "/cohorts/{cohort_id}/assignments/{assignment_id}",
    response_model=AssignmentOut,
    responses=problem_responses(401, 403, 404, 422),
)
def patch_assignment(
    cohort_id: RowId,
    assignment_id: RowId,
    body: AssignmentPatch,
    user: CurrentUser,
    session: SessionDep,
    catalog: CatalogDep,
) -> AssignmentOut:
    """Move (or clear) an assignment's due date."""
    access.require_cohort_staff(session, user, cohort_id, teacher_only=True)
    assignment = assignments.get_assignment(session, cohort_id, assignment_id)
    assignments.set_due(assignment, body.due_at)
    session.commit()
    return assignment_out(catalog, assignment)


@router.delete(
    "/cohorts/{cohort_id}/assignments/{assignment_id}",
    status_code=204,
    responses=problem_responses(401, 403, 404),
)
def delete_assignment(
    cohort_id: RowId, assignment_id: RowId, user: CurrentUser, session: SessionDep
) -> Response:
    """Withdraw an assignment (the learners' submissions stay)."""
    access.require_cohort_staff(session, user, cohort_id, teacher_only=True)
    assignments.delete_assignment(
        session, assignments.get_assignment(session, cohort_id, assignment_id)
    )
    session.commit()
    return Response(status_code=204)


@router.get("/me/assignments", response_model=list[AssignedOut], responses=problem_responses(401))
def my_assignments(
    user: CurrentUser, session: SessionDep, catalog: CatalogDep
) -> list[AssignedOut]:
    """Your assignments from every cohort you learn in: overdue and due soon first, then
    open, then done; late work is marked."""
    return [assigned_out(a) for a in assignments.for_learner(session, catalog, user)]
