"""Course pages: the roadmap, lessons, exercises, the dashboard, Start and Continue.

The roadmap, lessons and exercise statements are open to visitors without an account (an
open door); the dashboard and everything that writes or runs need one.
"""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pyroad.accounts.models import User
from pyroad.curriculum.render import render_cached
from pyroad.curriculum.snippets import lesson_snippets
from pyroad.learning import services as learning
from pyroad.learning import views
from pyroad.learning.review_views import queue_out as review_queue
from pyroad.submissions import services as submissions
from pyroad.teaching import assignments
from pyroad.web.api.submissions import submission_out
from pyroad.web.deps import CatalogDep, OptionalUser, PlatformDep, SessionDep
from pyroad.web.pages.adaptive import mastery_context
from pyroad.web.pages.render import login_redirect, render

router = APIRouter(include_in_schema=False)


@router.get("/roadmap", response_class=HTMLResponse)
def roadmap(
    request: Request, user: OptionalUser, session: SessionDep, catalog: CatalogDep
) -> Response:
    return render(
        request,
        "roadmap.html",
        user,
        roadmap=views.roadmap_view(session, catalog, user),
        assigned=assignments.for_learner(session, catalog, user) if user else [],
        **mastery_context(session, catalog, user),  # _mastery.html (ADAPT)
    )


def _next_redirect(session: SessionDep, catalog: CatalogDep, user: User | None) -> Response:
    found = learning.next_item(session, catalog, user)
    return RedirectResponse(found.item.url if found else "/dashboard", status_code=303)


@router.get("/start")
def start(
    request: Request, user: OptionalUser, session: SessionDep, catalog: CatalogDep
) -> Response:
    """The first path item not done (for a newcomer, the first lesson)."""
    return _next_redirect(session, catalog, user)


@router.get("/continue")
def continue_(
    request: Request, user: OptionalUser, session: SessionDep, catalog: CatalogDep
) -> Response:
    """Same as Start: lesson → the exercises that practise it → the next lesson."""
    return _next_redirect(session, catalog, user)


def _next_item(
    session: SessionDep, catalog: CatalogDep, user: User | None, slug: str
) -> dict[str, str] | None:
    """The page context's ``next_item``: where to go after this page, and why."""
    found = views.next_out(learning.next_item(session, catalog, user, after=slug))
    return found.model_dump() if found else None


@router.get("/lessons/{slug}", response_class=HTMLResponse)
def lesson(
    request: Request, slug: str, user: OptionalUser, session: SessionDep, catalog: CatalogDep
) -> Response:
    view = views.lesson_view(session, catalog, user, slug)
    if user is not None and learning.record_read(session, user, slug):
        session.commit()
    found = catalog.lesson(slug)
    assert found is not None
    step = catalog.step(found.step)
    assert step is not None
    # Where to go next: the step's next lesson, else its first exercise (lessons lead somewhere).
    index = step.lessons.index(found)
    previous = step.lessons[index - 1] if index > 0 else None
    following = step.lessons[index + 1] if index + 1 < len(step.lessons) else None
    first_exercise = step.exercises[0] if step.exercises and following is None else None
    return render(
        request,
        "lesson.html",
        user,
        lesson=view,
        toc=render_cached(found.body).toc,
        step=step,
        previous=previous,
        following=following,
        first_exercise=first_exercise,
        next_item=_next_item(session, catalog, user, slug),
        snippets=[asdict(s) for s in lesson_snippets(found.body)],  # runnable in place (UI)
    )


@router.get("/exercises/{slug}", response_class=HTMLResponse)
def exercise(
    request: Request, slug: str, user: OptionalUser, session: SessionDep, platform: PlatformDep
) -> Response:
    catalog = platform.catalog
    view = views.exercise_view(session, catalog, user, slug)
    recent = (
        [submission_out(s) for s in submissions.list_for(session, user, slug, limit=5)]
        if user
        else []
    )
    return render(
        request,
        "exercise.html",
        user,
        exercise=view,
        recent=recent,
        max_bytes=platform.settings.max_code_bytes,
        next_item=_next_item(session, catalog, user, slug),
        unread_lessons=views.unread_lessons(session, catalog, user, slug),
    )


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard(
    request: Request, user: OptionalUser, session: SessionDep, catalog: CatalogDep
) -> Response:
    if user is None:
        return login_redirect(request)
    activity = learning.activity(session, user)
    recent = [submission_out(s) for s in submissions.list_for(session, user, limit=10)]
    titles = {e.slug: e.title for e in catalog.exercises}
    return render(
        request,
        "dashboard.html",
        user,
        roadmap=views.roadmap_view(session, catalog, user),
        assigned=assignments.for_learner(session, catalog, user),
        activity=activity,
        recent=recent,
        titles=titles,
        peak=max([count for _, count in activity.days] + [1]),
        review=review_queue(session, catalog, user.id),
        **mastery_context(session, catalog, user),  # _mastery.html (ADAPT)
    )
