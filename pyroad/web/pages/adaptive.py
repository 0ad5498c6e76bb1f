"""Adaptive pages: the placement check, and the mastery panel of the roadmap and dashboard."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from pyroad.accounts.models import User
from pyroad.curriculum.model import Catalog
from pyroad.errors import Conflict
from pyroad.learning import adaptive_views as views
from pyroad.learning import placement, recommend, versions
from pyroad.web.deps import CatalogDep, OptionalUser, SessionDep, SettingsDep
from pyroad.web.pages.render import login_redirect, render
from pyroad.web.pages.teaching import Csrf, form_user  # the one form-post check

router = APIRouter(include_in_schema=False)


def mastery_context(session: Session, catalog: Catalog, user: User | None) -> dict[str, Any]:
    """What ``_mastery.html`` shows: mastery per step and concept, and the placement check."""
    if user is None:
        return {"mastery": None, "placement": None}
    learner = recommend.load(session, catalog, user)
    return {
        "mastery": views.mastery_out(catalog, learner),
        "placement": views.placement_out(learner.placement),
    }


@router.get("/placement", response_class=HTMLResponse)
def placement_page(
    request: Request, user: OptionalUser, session: SessionDep, catalog: CatalogDep
) -> Response:
    if user is None:
        return login_redirect(request)
    learner = recommend.load(session, catalog, user)
    found = recommend.next_for(catalog, learner)
    return render(
        request,
        "placement.html",
        user,
        placement=views.placement_out(learner.placement),
        next_item=found.next if found else None,
        error=request.query_params.get("error"),
    )


@router.post("/placement/start")
def start(
    request: Request, session: SessionDep, settings: SettingsDep, csrf: Csrf = ""
) -> Response:
    """Start the check from the page's form (cookie + the page's CSRF token)."""
    user = form_user(request, session, settings, csrf)
    try:
        placement.start(session, user)
    except Conflict:
        return RedirectResponse("/placement?error=finished", status_code=303)
    versions.bump(session, user.id)
    session.commit()
    return RedirectResponse("/placement", status_code=303)


@router.post("/placement/finish")
def finish(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    catalog: CatalogDep,
    csrf: Csrf = "",
) -> Response:
    """Record the result from the page's form."""
    user = form_user(request, session, settings, csrf)
    status = recommend.load(session, catalog, user).placement
    try:
        placement.finish(session, status, user)
    except Conflict:
        return RedirectResponse("/placement?error=finished", status_code=303)
    versions.bump(session, user.id)
    session.commit()
    return RedirectResponse("/placement", status_code=303)
