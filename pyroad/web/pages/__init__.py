"""Server-rendered pages (Jinja2). Thin: each calls the same services and views as the API."""

from __future__ import annotations

import hmac
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from pyroad.accounts import services as accounts
from pyroad.accounts.models import TokenKind, User
from pyroad.curriculum.render import render_markdown
from pyroad.errors import DomainError, Forbidden, TooManyRequests
from pyroad.learning import services as learning
from pyroad.learning import views
from pyroad.submissions import services as submissions
from pyroad.web.api.submissions import submission_out
from pyroad.web.deps import (
    SESSION_COOKIE,
    CatalogDep,
    OptionalUser,
    PlatformDep,
    SessionDep,
    SettingsDep,
    csrf_token,
)

router = APIRouter(include_in_schema=False)


def _render(
    request: Request, name: str, user: User | None, status: int = 200, **context: Any
) -> Response:
    platform = request.app.state.platform
    token = request.cookies.get(SESSION_COOKIE)
    csrf = csrf_token(platform.settings.resolved_secret_key(), token) if token and user else ""
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(
        request, name, {"user": user, "csrf": csrf, **context}, status_code=status
    )


def _login_redirect(request: Request) -> RedirectResponse:
    return RedirectResponse(f"/login?next={request.url.path}", status_code=303)


def _cross_site(request: Request) -> bool:
    """A form posted from another site (browsers send Origin on cross-site POSTs).

    Refusing those stops login CSRF: a page elsewhere logging you into its own account.
    """
    origin = request.headers.get("origin")
    return origin is not None and urlsplit(origin).netloc != request.headers.get("host")


def _safe_next(target: str | None) -> str:
    """Only same-site paths: never an open redirect to another host."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target  # browsers read /\\host as //host
        and target.isprintable()
    ):
        return target
    return "/roadmap"


@router.get("/", response_class=HTMLResponse)
def home(request: Request, user: OptionalUser) -> Response:
    if user is not None:
        return RedirectResponse("/roadmap", status_code=303)
    return _render(request, "home.html", None)


@router.get("/signup", response_class=HTMLResponse)
def signup_page(request: Request, user: OptionalUser) -> Response:
    return _render(request, "signup.html", user, error=None, email="", display_name="")


@router.post("/signup", response_class=HTMLResponse)
def signup(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    email: str = Form(""),
    password: str = Form(""),
    display_name: str = Form(""),
) -> Response:
    if _cross_site(request):
        raise Forbidden("sign up from pyroad's own page")
    try:
        user = accounts.register(
            session, email, password, display_name, fast_hash=settings.argon2_fast
        )
        return _start_session(
            session, user, settings.session_days, settings.cookie_secure, "/roadmap"
        )
    except DomainError as domain_error:
        error = domain_error.detail[0].upper() + domain_error.detail[1:] + "."
    return _render(
        request,
        "signup.html",
        None,
        status=400,
        error=error,
        email=email,
        display_name=display_name,
    )


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, user: OptionalUser, next: str | None = None) -> Response:
    return _render(request, "login.html", user, error=None, email="", next=_safe_next(next))


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    email: str = Form(""),
    password: str = Form(""),
    next: str = Form("/roadmap"),
) -> Response:
    if _cross_site(request):
        raise Forbidden("log in from pyroad's own page")
    try:
        user = accounts.authenticate(
            session,
            email,
            password,
            fast_hash=settings.argon2_fast,
            throttle=request.app.state.platform.login_throttle,
        )
    except DomainError as error:
        too_many = isinstance(error, TooManyRequests)
        return _render(
            request,
            "login.html",
            None,
            status=error.status,
            error=error.detail[0].upper() + error.detail[1:] + "."
            if too_many
            else "Wrong e-mail or password.",
            email=email,
            next=_safe_next(next),
        )
    return _start_session(
        session, user, settings.session_days, settings.cookie_secure, _safe_next(next)
    )


def _start_session(session: Any, user: User, days: int, secure: bool, target: str) -> Response:
    issued = accounts.issue_token(session, user, TokenKind.SESSION, days)
    session.commit()
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        issued.token,
        max_age=days * 86400,
        httponly=True,
        samesite="lax",
        secure=secure,
    )
    return response


@router.post("/logout")
def logout(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    csrf_token_field: str = Form("", alias="csrf_token"),
) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    expected = csrf_token(settings.resolved_secret_key(), token) if token else ""
    if token and not hmac.compare_digest(csrf_token_field, expected):
        # Not from our page (a cross-site form): keep the session, go back to the roadmap.
        return RedirectResponse("/roadmap", status_code=303)
    if token:
        accounts.revoke_token(session, token)
        session.commit()
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/roadmap", response_class=HTMLResponse)
def roadmap(
    request: Request, user: OptionalUser, session: SessionDep, catalog: CatalogDep
) -> Response:
    if user is None:
        return _login_redirect(request)
    return _render(
        request, "roadmap.html", user, roadmap=views.roadmap_view(session, catalog, user)
    )


@router.get("/continue")
def continue_(
    request: Request, user: OptionalUser, session: SessionDep, catalog: CatalogDep
) -> Response:
    if user is None:
        return _login_redirect(request)
    upcoming = learning.next_exercise(session, catalog, user)
    return RedirectResponse(
        f"/exercises/{upcoming.slug}" if upcoming else "/dashboard", status_code=303
    )


@router.get("/lessons/{slug}", response_class=HTMLResponse)
def lesson(
    request: Request, slug: str, user: OptionalUser, session: SessionDep, catalog: CatalogDep
) -> Response:
    if user is None:
        return _login_redirect(request)
    view = views.lesson_view(session, catalog, user, slug)
    found = catalog.lesson(slug)
    assert found is not None
    step = catalog.step(found.step)
    assert step is not None
    # Where to go next: the step's next lesson, else its first exercise (lessons lead somewhere).
    index = step.lessons.index(found)
    previous = step.lessons[index - 1] if index > 0 else None
    following = step.lessons[index + 1] if index + 1 < len(step.lessons) else None
    first_exercise = step.exercises[0] if step.exercises and following is None else None
    return _render(
        request,
        "lesson.html",
        user,
        lesson=view,
        toc=render_markdown(found.body).toc,
        step=step,
        previous=previous,
        following=following,
        first_exercise=first_exercise,
    )


@router.get("/exercises/{slug}", response_class=HTMLResponse)
def exercise(
    request: Request, slug: str, user: OptionalUser, session: SessionDep, platform: PlatformDep
) -> Response:
    if user is None:
        return _login_redirect(request)
    view = views.exercise_view(session, platform.catalog, user, slug)
    recent = [submission_out(s) for s in submissions.list_for(session, user, slug, limit=5)]
    return _render(
        request,
        "exercise.html",
        user,
        exercise=view,
        recent=recent,
        max_bytes=platform.settings.max_code_bytes,
    )


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard(
    request: Request, user: OptionalUser, session: SessionDep, catalog: CatalogDep
) -> Response:
    if user is None:
        return _login_redirect(request)
    activity = learning.activity(session, user)
    recent = [submission_out(s) for s in submissions.list_for(session, user, limit=10)]
    titles = {e.slug: e.title for e in catalog.exercises}
    return _render(
        request,
        "dashboard.html",
        user,
        roadmap=views.roadmap_view(session, catalog, user),
        activity=activity,
        recent=recent,
        titles=titles,
        peak=max([count for _, count in activity.days] + [1]),
    )
