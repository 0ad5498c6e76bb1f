"""Mentoring pages: the learner's feedback, the mentor queue, solution groups, the similarity
report and its side-by-side view. Same services and checks as the API (pyroad.teaching.mentoring);
writes go through the JSON API from static/comments.js."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response

from pyroad.teaching import mentoring
from pyroad.teaching.access import require_cohort_staff
from pyroad.teaching.mentoring_schemas import SIMILARITY_NOTE
from pyroad.web.deps import CatalogDep, OptionalUser, RowId, SessionDep
from pyroad.web.pages.render import login_redirect, render

router = APIRouter(include_in_schema=False)

Slug = Annotated[str, Path(max_length=100, pattern=r"^[a-z0-9-]+$")]


@router.get("/feedback", response_class=HTMLResponse)
def feedback(
    request: Request, user: OptionalUser, session: SessionDep, catalog: CatalogDep
) -> Response:
    """Every comment on the learner's submissions, newest first (works without JavaScript)."""
    if user is None:
        return login_redirect(request)
    titles = {e.slug: e.title for e in catalog.exercises}
    return render(
        request,
        "mentor_feedback.html",
        user,
        comments=mentoring.received(session, user),
        unread=mentoring.unread_count(session, user),
        titles=titles,
    )


@router.get("/teach/cohorts/{cohort_id}/help", response_class=HTMLResponse)
def help_queue(
    request: Request, cohort_id: RowId, user: OptionalUser, session: SessionDep, catalog: CatalogDep
) -> Response:
    if user is None:
        return login_redirect(request)
    cohort = require_cohort_staff(session, user, cohort_id)
    titles = {e.slug: e.title for e in catalog.exercises}
    return render(
        request,
        "mentor_queue.html",
        user,
        cohort=cohort,
        items=mentoring.mentor_queue(session, user, cohort_id),
        titles=titles,
    )


@router.get("/teach/cohorts/{cohort_id}/exercises/{slug}/groups", response_class=HTMLResponse)
def groups(
    request: Request,
    cohort_id: RowId,
    slug: Slug,
    user: OptionalUser,
    session: SessionDep,
    catalog: CatalogDep,
) -> Response:
    if user is None:
        return login_redirect(request)
    cohort = require_cohort_staff(session, user, cohort_id)
    found = mentoring.solution_groups(session, user, catalog, cohort_id, slug)
    return render(
        request,
        "mentor_groups.html",
        user,
        cohort=cohort,
        exercise=catalog.require_exercise(slug),
        groups=found,
    )


@router.get("/teach/cohorts/{cohort_id}/exercises/{slug}/similarity", response_class=HTMLResponse)
def similarity(
    request: Request,
    cohort_id: RowId,
    slug: Slug,
    user: OptionalUser,
    session: SessionDep,
    catalog: CatalogDep,
) -> Response:
    if user is None:
        return login_redirect(request)
    cohort = require_cohort_staff(session, user, cohort_id)
    report, solutions = mentoring.similarity_report(session, user, catalog, cohort_id, slug)
    return render(
        request,
        "mentor_similarity.html",
        user,
        cohort=cohort,
        exercise=catalog.require_exercise(slug),
        report=report,
        solutions=solutions,
        note=SIMILARITY_NOTE,
    )


@router.get(
    "/teach/cohorts/{cohort_id}/exercises/{slug}/similarity/{a}/{b}",
    response_class=HTMLResponse,
)
def side_by_side(
    request: Request,
    cohort_id: RowId,
    slug: Slug,
    a: RowId,
    b: RowId,
    user: OptionalUser,
    session: SessionDep,
    catalog: CatalogDep,
) -> Response:
    if user is None:
        return login_redirect(request)
    cohort = require_cohort_staff(session, user, cohort_id)
    left, right, view = mentoring.compare(session, user, catalog, cohort_id, slug, a, b)
    return render(
        request,
        "mentor_compare.html",
        user,
        cohort=cohort,
        exercise=catalog.require_exercise(slug),
        sides=[
            (left, _marked_lines(left.code, view.left)),
            (right, _marked_lines(right.code, view.right)),
        ],
        view=view,
        note=SIMILARITY_NOTE,
    )


MAX_SHOWN_LINES = 2000  # the side-by-side view of a 10,000-line file shows its start


def _marked_lines(code: str, ranges: list[tuple[int, int]]) -> list[tuple[int, str, bool]]:
    """(number, text, matches) for each shown line."""
    matching: set[int] = set()
    for first, last in ranges:
        matching.update(range(first, min(last, MAX_SHOWN_LINES) + 1))
    lines = code.splitlines()[:MAX_SHOWN_LINES]
    return [(n, text, n in matching) for n, text in enumerate(lines, start=1)]
