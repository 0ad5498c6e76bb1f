"""The teacher dashboard and a learner's drill-down: the API's reports, as pages.

Same rules as the API (``pyroad.teaching.access``): staff of the cohort or an admin; 404
outside it, 403 for its learners. The gradebook is downloaded from the API's CSV route
(the session cookie authenticates a GET there).
"""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup, escape

from pyroad.accounts.models import Role
from pyroad.db import MAX_ID, utcnow
from pyroad.teaching import access, dashboard
from pyroad.teaching.models import CohortRole
from pyroad.web.api.submissions import SLUG_PATTERN
from pyroad.web.api.teaching_reports import learner_submissions, require_learner
from pyroad.web.deps import CatalogDep, OptionalUser, RowId, SessionDep
from pyroad.web.pages.render import login_redirect, render

router = APIRouter(include_in_schema=False)


@router.get("/teach/cohorts/{cohort_id}/dashboard", response_class=HTMLResponse)
def dashboard_page(
    request: Request,
    cohort_id: RowId,
    user: OptionalUser,
    session: SessionDep,
    catalog: CatalogDep,
    page: int = Query(1, ge=1, le=10_000),
) -> Response:
    if user is None:
        return login_redirect(request)
    cohort = access.require_cohort_staff(session, user, cohort_id)
    board = dashboard.build(session, catalog, cohort, page=page)
    role = access.member_role(session, user.id, cohort_id)
    return render(
        request,
        "teach_dashboard.html",
        user,
        board=board,
        now=board.generated_at,
        grid=grid(board),
        step_bars=step_bars(board),
        # Mentors see the dashboard; the gradebook is the teachers' (and admins').
        can_grade=role is CohortRole.TEACHER or user.role is Role.ADMIN,
        stuck_failed=dashboard.STUCK_FAILED_ATTEMPTS,
        stuck_days=dashboard.STUCK_INACTIVE_DAYS,
    )


STATUS_WORDS = {
    "solved": "solved",
    "late": "solved late",
    "overdue": "overdue, not solved",
    "attempted": "attempted",
    "new": "not started",
}


def grid(board: dashboard.Dashboard) -> dict[int, Markup]:
    """Per learner on the page: a cell (status and tooltip) for each assigned exercise, as HTML.

    Built here rather than in the template: 50 learners × ~40 exercises is 2,000 cells, and
    escaping each of the template's expressions cost as much as the page's queries. Only
    the exercise titles need escaping (the rest are fixed words and numbers): once each.
    """
    now = board.generated_at
    titles = {exercise.slug: escape(exercise.title) for exercise in board.assigned}
    found = {}
    for row in board.learners:
        cells = []
        for exercise in board.assigned:
            cell = row.cell(exercise.slug)
            status = cell.status(exercise.due_at, now)
            tip = f"{titles[exercise.slug]}: {STATUS_WORDS[status]}"
            if cell.attempts:
                tip += f", {cell.attempts} attempt{'' if cell.attempts == 1 else 's'}"
            cells.append(f'<span class="cell {status}" title="{tip}"></span>')
        # Safe markup: the titles are escaped above, the rest are fixed words and numbers.
        found[row.user_id] = Markup("".join(cells))  # noqa: S704
    return found


def step_bars(board: dashboard.Dashboard) -> dict[int, Markup]:
    """Per learner on the page: solved out of total for each step of the course, as HTML
    (built here for the same reason as :func:`grid`)."""
    titles = {step.number: escape(step.title) for step in board.steps}
    found = {}
    for row in board.learners:
        bars = []
        for step in board.steps:
            n = row.solved_per_step.get(step.number, 0)
            done = "done" if n == step.total and n else ""
            bars.append(
                f'<span class="{done}" title="Step {step.number}, {titles[step.number]}: '
                f'{n} of {step.total} solved">{n}/{step.total}</span>'
            )
        # Safe markup: the titles are escaped above, the rest are numbers.
        found[row.user_id] = Markup("".join(bars))  # noqa: S704
    return found


@router.get("/teach/cohorts/{cohort_id}/learners/{learner_id}", response_class=HTMLResponse)
def learner_page(
    request: Request,
    cohort_id: RowId,
    learner_id: RowId,
    user: OptionalUser,
    session: SessionDep,
    catalog: CatalogDep,
    exercise: str | None = Query(None, max_length=100, pattern=SLUG_PATTERN),
    before: int | None = Query(None, ge=1, le=MAX_ID),
) -> Response:
    if user is None:
        return login_redirect(request)
    cohort, row = require_learner(session, user, cohort_id, learner_id)
    chosen = catalog.require_exercise(exercise) if exercise else None
    progress = dashboard.learner_progress(session, catalog, cohort_id, row)
    limit = dashboard.SUBMISSIONS_PER_PAGE
    found = learner_submissions(session, catalog, learner_id, exercise, before, limit)
    assigned = {e.slug for e in progress.assigned}
    others = [e for e in catalog.exercises if e.slug in row.cells and e.slug not in assigned]
    return render(
        request,
        "teach_learner.html",
        user,
        cohort=cohort,
        progress=progress,
        row=row,
        others=others,
        submissions=found,
        exercise=chosen,
        older=found[-1].id if len(found) == limit else None,
        titles={e.slug: e.title for e in catalog.exercises},
        now=utcnow(),
    )
