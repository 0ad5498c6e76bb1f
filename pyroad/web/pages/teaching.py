"""Teaching pages: the Teach area (cohorts, members, invites, assignments) and /join links.

Writes are plain HTML forms (POST, then a redirect) carrying the page's CSRF token, so the
pages work without JavaScript; the rules are the API's (``pyroad.teaching.access``).
"""

from __future__ import annotations

import hmac
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from pyroad.accounts.models import Role, TokenKind, User
from pyroad.accounts.services import user_for_token
from pyroad.config import Settings
from pyroad.errors import DomainError, Forbidden, InvalidInput, NotFound, Unauthenticated
from pyroad.teaching import access, assignments, cohorts, invites
from pyroad.teaching.models import Cohort, CohortRole, InviteRole
from pyroad.web.api.teaching import join_limiter
from pyroad.web.deps import (
    SESSION_COOKIE,
    CatalogDep,
    OptionalUser,
    RowId,
    SessionDep,
    SettingsDep,
    csrf_token,
)
from pyroad.web.pages.render import cross_site, login_redirect, render

router = APIRouter(include_in_schema=False)
Csrf = Annotated[str, Form(alias="csrf_token")]


def form_user(request: Request, session: Session, settings: Settings, sent: str) -> User:
    """The logged-in user of a form post from our own page (cookie + the page's CSRF token)."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise Unauthenticated("log in first")
    user = user_for_token(session, token, TokenKind.SESSION)
    expected = csrf_token(settings.resolved_secret_key(), token)
    if cross_site(request) or not hmac.compare_digest(sent, expected):
        raise Forbidden("missing or wrong CSRF token; reload the page and try again")
    return user


def _back(cohort_id: int, anchor: str = "") -> RedirectResponse:
    return RedirectResponse(f"/teach/cohorts/{cohort_id}{anchor}", status_code=303)


def parse_due(value: str, offset_minutes: str) -> datetime | None:
    """A datetime-local field (no zone) read in the browser's zone, sent as minutes behind
    UTC (JavaScript's getTimezoneOffset); without it, UTC. Empty means no due date."""
    value = value.strip()
    if not value:
        return None
    try:
        naive = datetime.fromisoformat(value)
        offset = int(offset_minutes or 0)
    except ValueError:
        raise InvalidInput(f"due date: {value!r} is not a date and time") from None
    if naive.tzinfo is not None or not -16 * 60 <= offset <= 16 * 60:
        raise InvalidInput("due date: use the date picker")
    return (naive + timedelta(minutes=offset)).replace(tzinfo=UTC)


# --- the Teach area ---------------------------------------------------------------------------


@router.get("/teach", response_class=HTMLResponse)
def teach(request: Request, user: OptionalUser, session: SessionDep) -> Response:
    if user is None:
        return login_redirect(request)
    if not access.is_staff_anywhere(session, user):
        raise Forbidden(
            "the Teach area is for teachers and mentors; a teacher's invite link makes you a "
            "mentor, an admin can make you a teacher"
        )
    mine = [
        m
        for m in cohorts.memberships(session, user)
        if m.role in access.STAFF_ROLES or m.role is None
    ]
    return render(
        request,
        "teach_index.html",
        user,
        cohorts=mine,
        can_create=user.role in cohorts.CREATORS,
    )


@router.post("/teach/cohorts")
def create_cohort(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    csrf: Csrf = "",
    name: Annotated[str, Form()] = "",
) -> Response:
    user = form_user(request, session, settings, csrf)
    try:
        cohort = cohorts.create_cohort(session, user, name)
    except InvalidInput as error:
        session.rollback()
        mine = [m for m in cohorts.memberships(session, user) if m.role != CohortRole.LEARNER]
        return render(
            request,
            "teach_index.html",
            user,
            status=422,
            cohorts=mine,
            can_create=True,
            error=error.detail,
            cohort_name=name,
        )
    session.commit()
    return _back(cohort.id)


@router.get("/teach/cohorts/{cohort_id}", response_class=HTMLResponse)
def cohort_page(
    request: Request,
    cohort_id: RowId,
    user: OptionalUser,
    session: SessionDep,
    catalog: CatalogDep,
) -> Response:
    if user is None:
        return login_redirect(request)
    return _cohort_page(request, session, catalog, user, cohort_id)


def _cohort_page(
    request: Request,
    session: Session,
    catalog: CatalogDep,
    user: User,
    cohort_id: int,
    *,
    status: int = 200,
    **extra: object,
) -> Response:
    cohort = access.require_cohort_staff(session, user, cohort_id)
    role = access.member_role(session, user.id, cohort_id)
    teacher = role == CohortRole.TEACHER or (role is None and user.role == Role.ADMIN)
    listed = assignments.list_assignments(session, cohort_id)
    return render(
        request,
        "teach_cohort.html",
        user,
        status=status,
        cohort=cohort,
        my_role=role,
        teacher=teacher,
        members=cohorts.members(session, cohort_id),
        invites=[(i, invites.state(i)) for i in invites.list_invites(session, cohort_id)]
        if teacher
        else [],
        assignments=[
            (a, assignments.title_of(catalog, a), len(assignments.exercises_of(catalog, a)))
            for a in listed
        ],
        steps=catalog.steps,
        **extra,
    )


def _teacher_form(
    request: Request, session: Session, settings: Settings, csrf: str, cohort_id: int
) -> tuple[User, Cohort]:
    user = form_user(request, session, settings, csrf)
    return user, access.require_cohort_staff(session, user, cohort_id, teacher_only=True)


def _or_page(
    request: Request,
    session: Session,
    catalog: CatalogDep,
    user: User,
    cohort_id: int,
    error: DomainError,
    form: str,
) -> Response:
    """The cohort page again with the reason next to the form that failed (input errors only:
    a refusal of access is raised as it is)."""
    if isinstance(error, (Forbidden, Unauthenticated)):
        raise error
    session.rollback()
    return _cohort_page(
        request,
        session,
        catalog,
        user,
        cohort_id,
        status=error.status,
        error=error.detail,
        form=form,
    )


@router.post("/teach/cohorts/{cohort_id}/invites", response_class=HTMLResponse)
def create_invite(
    request: Request,
    cohort_id: RowId,
    session: SessionDep,
    settings: SettingsDep,
    catalog: CatalogDep,
    csrf: Csrf = "",
    role: Annotated[str, Form()] = "learner",
    days: Annotated[str, Form()] = "14",
    max_uses: Annotated[str, Form()] = "",
) -> Response:
    """The new link is shown on the answer itself: the code is never stored, so never again."""
    user, cohort = _teacher_form(request, session, settings, csrf, cohort_id)
    try:
        if role not in ("learner", "mentor"):
            raise InvalidInput("role: learner or mentor")
        try:
            lasting = int(days)
            uses = int(max_uses) if max_uses.strip() else None
        except ValueError:
            raise InvalidInput("days and uses: whole numbers") from None
        made = invites.create_invite(
            session, cohort, user, role=InviteRole(role), days=lasting, max_uses=uses
        )
    except DomainError as error:
        return _or_page(request, session, catalog, user, cohort_id, error, "invite")
    session.commit()
    base = (settings.public_url or str(request.base_url)).rstrip("/")
    return _cohort_page(
        request,
        session,
        catalog,
        user,
        cohort_id,
        status=201,
        new_invite=made.invite,
        new_link=f"{base}{made.path()}",
    )


@router.post("/teach/cohorts/{cohort_id}/invites/{invite_id}/revoke")
def revoke_invite(
    request: Request,
    cohort_id: RowId,
    invite_id: RowId,
    session: SessionDep,
    settings: SettingsDep,
    csrf: Csrf = "",
) -> Response:
    _teacher_form(request, session, settings, csrf, cohort_id)
    invites.revoke_invite(session, cohort_id, invite_id)
    session.commit()
    return _back(cohort_id, "#invites")


@router.post("/teach/cohorts/{cohort_id}/assignments", response_class=HTMLResponse)
def create_assignment(
    request: Request,
    cohort_id: RowId,
    session: SessionDep,
    settings: SettingsDep,
    catalog: CatalogDep,
    csrf: Csrf = "",
    target: Annotated[str, Form()] = "",
    due: Annotated[str, Form()] = "",
    tz_offset: Annotated[str, Form()] = "0",
) -> Response:
    """``target`` is ``exercise:SLUG`` or ``step:N`` (one select lists both)."""
    user, cohort = _teacher_form(request, session, settings, csrf, cohort_id)
    try:
        kind, _, value = target.partition(":")
        if kind == "exercise" and value:
            slug, step = value, None
        elif kind == "step" and value.isdigit():
            slug, step = None, int(value)
        else:
            raise InvalidInput("choose an exercise or a step to assign")
        assignments.create_assignment(
            session,
            catalog,
            cohort,
            user,
            exercise_slug=slug,
            step=step,
            due_at=parse_due(due, tz_offset),
        )
    except DomainError as error:
        return _or_page(request, session, catalog, user, cohort_id, error, "assignment")
    session.commit()
    return _back(cohort_id, "#assignments")


@router.post("/teach/cohorts/{cohort_id}/assignments/{assignment_id}/delete")
def delete_assignment(
    request: Request,
    cohort_id: RowId,
    assignment_id: RowId,
    session: SessionDep,
    settings: SettingsDep,
    csrf: Csrf = "",
) -> Response:
    _teacher_form(request, session, settings, csrf, cohort_id)
    assignments.delete_assignment(
        session, assignments.get_assignment(session, cohort_id, assignment_id)
    )
    session.commit()
    return _back(cohort_id, "#assignments")


@router.post("/teach/cohorts/{cohort_id}/members", response_class=HTMLResponse)
def add_staff(
    request: Request,
    cohort_id: RowId,
    session: SessionDep,
    settings: SettingsDep,
    catalog: CatalogDep,
    csrf: Csrf = "",
    email: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "mentor",
) -> Response:
    user, cohort = _teacher_form(request, session, settings, csrf, cohort_id)
    try:
        if role not in ("teacher", "mentor"):
            raise InvalidInput("role: teacher or mentor")
        cohorts.add_staff(session, cohort, email, CohortRole(role))
    except DomainError as error:
        return _or_page(request, session, catalog, user, cohort_id, error, "member")
    session.commit()
    return _back(cohort_id, "#members")


@router.post("/teach/cohorts/{cohort_id}/members/{user_id}/remove", response_class=HTMLResponse)
def remove_member(
    request: Request,
    cohort_id: RowId,
    user_id: RowId,
    session: SessionDep,
    settings: SettingsDep,
    catalog: CatalogDep,
    csrf: Csrf = "",
) -> Response:
    user, cohort = _teacher_form(request, session, settings, csrf, cohort_id)
    try:
        cohorts.remove_member(session, cohort, user_id)
    except DomainError as error:
        return _or_page(request, session, catalog, user, cohort_id, error, "member")
    session.commit()
    return _back(cohort_id, "#members")


@router.post("/teach/cohorts/{cohort_id}/archive")
def archive(
    request: Request,
    cohort_id: RowId,
    session: SessionDep,
    settings: SettingsDep,
    csrf: Csrf = "",
    archived: Annotated[str, Form()] = "1",
) -> Response:
    _, cohort = _teacher_form(request, session, settings, csrf, cohort_id)
    cohorts.set_archived(cohort, archived == "1")
    session.commit()
    return _back(cohort_id)


# --- joining ----------------------------------------------------------------------------------


@router.get("/join", response_class=HTMLResponse)
def join_form(request: Request, user: OptionalUser, code: str = "") -> Response:
    """Where a learner types a code they were given (a link goes straight to /join/CODE)."""
    if user is None:
        return login_redirect(request)
    if code.strip():
        cleaned = code.strip().rsplit("/", 1)[-1]  # a pasted link works as well as a code
        return RedirectResponse(f"/join/{cleaned}", status_code=303)
    return render(request, "teach_join.html", user, invite=None, cohort=None)


@router.get("/join/{code}", response_class=HTMLResponse)
def join_page(request: Request, code: str, user: OptionalUser, session: SessionDep) -> Response:
    """What the link leads to: which cohort, as what, and a Join button (nothing happens on
    a GET, so a link preview or prefetch never joins anyone)."""
    if user is None:
        return login_redirect(request)
    join_limiter(request).record(user.id)
    try:
        invite, cohort = invites.find_usable(session, code)
    except (NotFound, invites.Gone) as error:
        return render(
            request,
            "teach_join.html",
            user,
            status=error.status,
            invite=None,
            cohort=None,
            error=error.detail,
        )
    already = access.member_role(session, user.id, cohort.id)
    return render(
        request, "teach_join.html", user, invite=invite, cohort=cohort, code=code, already=already
    )


@router.post("/join/{code}")
def join(
    request: Request, code: str, session: SessionDep, settings: SettingsDep, csrf: Csrf = ""
) -> Response:
    user = form_user(request, session, settings, csrf)
    join_limiter(request).record(user.id)
    joined = invites.join(session, user, code)
    session.commit()
    if joined.role == CohortRole.LEARNER:
        return RedirectResponse(f"/roadmap?joined={joined.cohort.id}", status_code=303)
    return _back(joined.cohort.id)
