"""Account pages: home, sign-up, log in, log out, forgotten password."""

from __future__ import annotations

import hmac
from typing import Any

from fastapi import APIRouter, BackgroundTasks, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pyroad.accounts import reset
from pyroad.accounts import services as accounts
from pyroad.accounts.models import TokenKind, User
from pyroad.errors import DomainError, Forbidden, InvalidInput, TooManyRequests
from pyroad.web.deps import (
    SESSION_COOKIE,
    OptionalUser,
    PlatformDep,
    SessionDep,
    SettingsDep,
    csrf_token,
)
from pyroad.web.pages.render import cross_site, render, safe_next

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, user: OptionalUser) -> Response:
    if user is not None:
        return RedirectResponse("/roadmap", status_code=303)
    return render(request, "home.html", None, steps=request.app.state.platform.catalog.steps)


@router.get("/signup", response_class=HTMLResponse)
def signup_page(request: Request, user: OptionalUser, next: str | None = None) -> Response:
    return render(
        request, "signup.html", user, error=None, email="", display_name="", next=safe_next(next)
    )


@router.post("/signup", response_class=HTMLResponse)
def signup(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    email: str = Form(""),
    password: str = Form(""),
    display_name: str = Form(""),
    next: str = Form("/roadmap"),
) -> Response:
    if cross_site(request):
        raise Forbidden("sign up from pyroad's own page")
    try:
        user = accounts.register(
            session,
            email,
            password,
            display_name,
            fast_hash=settings.argon2_fast,
            first_admin=settings.environment == "development",
        )
        return _start_session(
            session, user, settings.session_days, settings.cookie_secure, safe_next(next)
        )
    except DomainError as domain_error:
        error = domain_error.detail[0].upper() + domain_error.detail[1:] + "."
    return render(
        request,
        "signup.html",
        None,
        status=400,
        error=error,
        email=email,
        display_name=display_name,
        next=safe_next(next),
    )


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, user: OptionalUser, next: str | None = None) -> Response:
    return render(request, "login.html", user, error=None, email="", next=safe_next(next))


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    email: str = Form(""),
    password: str = Form(""),
    next: str = Form("/roadmap"),
) -> Response:
    if cross_site(request):
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
        return render(
            request,
            "login.html",
            None,
            status=error.status,
            error=error.detail[0].upper() + error.detail[1:] + "."
            if too_many
            else "Wrong e-mail or password.",
            email=email,
            next=safe_next(next),
        )
    return _start_session(
        session, user, settings.session_days, settings.cookie_secure, safe_next(next)
    )


@router.get("/forgot", response_class=HTMLResponse)
def forgot_page(request: Request, user: OptionalUser, settings: SettingsDep) -> Response:
    return render(
        request,
        "forgot.html",
        user,
        error=None,
        email=user.email if user else "",
        sent=False,
        sends_mail=settings.sends_mail,
    )


@router.post("/forgot", response_class=HTMLResponse)
def forgot(
    request: Request,
    background: BackgroundTasks,
    platform: PlatformDep,
    email: str = Form(""),
) -> Response:
    """Same page whether or not an account uses ``email``; the link is mailed afterwards."""
    if cross_site(request):
        raise Forbidden("ask for a reset link from pyroad's own page")
    settings = platform.settings
    context: dict[str, Any] = {"email": email[:254], "sends_mail": settings.sends_mail}
    client = request.client.host if request.client else "unknown"
    try:
        normalized = reset.accept_request(platform.reset_throttle, email, client)
    except DomainError as error:
        message = error.detail[0].upper() + error.detail[1:] + "."
        return render(
            request, "forgot.html", None, status=error.status, error=message, sent=False, **context
        )
    if settings.sends_mail:
        base = reset.link_base(settings, str(request.base_url))
        background.add_task(reset.mail_reset_link, platform.sessions, settings, normalized, base)
    return render(request, "forgot.html", None, error=None, sent=True, **context)


def _private(response: Response) -> Response:
    """A page whose URL holds a secret: never cached, never sent to another site as a Referer.

    ``same-origin``, not ``no-referrer``: under ``no-referrer`` Chromium posts this page's own
    form with ``Origin: null``, which :func:`cross_site` must refuse (a reset link is a
    credential: another site posting its own account's link would log you into that account).
    """
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "same-origin"
    return response


@router.get("/reset/{token}", response_class=HTMLResponse)
def reset_page(request: Request, token: str, session: SessionDep) -> Response:
    try:
        user = reset.user_for_reset(session, token)
    except reset.InvalidResetLink:
        return _private(render(request, "reset.html", None, status=404, invalid=True))
    return _private(render(request, "reset.html", None, token=token, email=user.email, error=None))


@router.post("/reset/{token}", response_class=HTMLResponse)
def reset_password(
    request: Request,
    token: str,
    session: SessionDep,
    platform: PlatformDep,
    password: str = Form(""),
    password_confirm: str = Form(""),
) -> Response:
    """Set the new password, sign the account out everywhere, then log in here."""
    if cross_site(request):
        raise Forbidden("choose your new password on pyroad's own page")
    settings = platform.settings
    try:
        user = reset.user_for_reset(session, token)
        if not hmac.compare_digest(password.encode(), password_confirm.encode()):
            raise InvalidInput("the two passwords differ; type the same one twice")
        reset.reset_password(session, token, password, fast_hash=settings.argon2_fast)
    except reset.InvalidResetLink:
        session.rollback()
        return _private(render(request, "reset.html", None, status=404, invalid=True))
    except DomainError as error:  # the link stays usable: fix the password and try again
        session.rollback()
        detail = error.detail.removeprefix("password: ")
        return _private(
            render(
                request,
                "reset.html",
                None,
                status=error.status,
                token=token,
                email=user.email,
                error=detail[0].upper() + detail[1:] + ".",
            )
        )
    platform.login_throttle.succeeded(user.email)
    return _private(
        _start_session(session, user, settings.session_days, settings.cookie_secure, "/roadmap")
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
