"""The submission page: one past submission, its code and its results, for its owner."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from pyroad.submissions import services as submissions
from pyroad.web.api.submissions import submission_out
from pyroad.web.deps import OptionalUser, PlatformDep, RowId, SessionDep
from pyroad.web.pages.render import login_redirect, render

router = APIRouter(include_in_schema=False)


@router.get("/submissions/{submission_id}", response_class=HTMLResponse)
def submission(
    request: Request,
    submission_id: RowId,
    user: OptionalUser,
    session: SessionDep,
    platform: PlatformDep,
) -> Response:
    """Opened from "Your recent submissions"; someone else's id is the same 404 as a missing one."""
    if user is None:
        return login_redirect(request)
    found = submissions.get_visible(session, user, submission_id)
    catalog = platform.catalog
    exercise = catalog.require_exercise(found.exercise_slug)
    out = submission_out(found, catalog=catalog)
    return render(
        request,
        "submission.html",
        user,
        submission=out,
        data=out.model_dump(mode="json"),
        code=found.code,
        exercise=exercise,
    )
