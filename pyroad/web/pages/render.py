"""What every page shares: rendering a template with the session's CSRF token, redirects."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from pyroad.accounts.models import User
from pyroad.web.deps import SESSION_COOKIE, csrf_token


def render(
    request: Request, name: str, user: User | None, status: int = 200, **context: Any
) -> Response:
    platform = request.app.state.platform
    token = request.cookies.get(SESSION_COOKIE)
    csrf = csrf_token(platform.settings.resolved_secret_key(), token) if token and user else ""
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(
        request, name, {"user": user, "csrf": csrf, **context}, status_code=status
    )


def login_redirect(request: Request) -> RedirectResponse:
    return RedirectResponse(f"/login?next={request.url.path}", status_code=303)


def cross_site(request: Request) -> bool:
    """A form posted from another site (browsers send Origin on cross-site POSTs).

    Refusing those stops login CSRF: a page elsewhere logging you into its own account.
    """
    origin = request.headers.get("origin")
    return origin is not None and urlsplit(origin).netloc != request.headers.get("host")


def safe_next(target: str | None) -> str:
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
