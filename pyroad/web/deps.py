"""FastAPI dependencies as named types: the session, the platform, the current user."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import AsyncIterator
from typing import Annotated

import anyio
import anyio.to_thread
from fastapi import Depends, Path, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from pyroad.accounts.models import TokenKind, User
from pyroad.accounts.services import cached_user, user_for_token
from pyroad.config import Settings
from pyroad.curriculum.model import Catalog
from pyroad.db import MAX_ID
from pyroad.errors import Forbidden, Unauthenticated
from pyroad.platform import Platform

# A database id in a URL path: out of range is a 422 before any query (SQLite raises
# OverflowError on ids of 2**63 and more; found by the schemathesis fuzz).
RowId = Annotated[int, Path(ge=1, le=MAX_ID)]

SESSION_COOKIE = "pyroad_session"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


# The dependencies that only read memory are ``async``: FastAPI runs a sync one in the
# threadpool, a hop per dependency per request that costs more than the work.
async def get_platform(request: Request) -> Platform:
    platform: Platform = request.app.state.platform
    return platform


PlatformDep = Annotated[Platform, Depends(get_platform)]


async def get_settings_dep(platform: PlatformDep) -> Settings:
    return platform.settings


async def get_catalog(platform: PlatformDep) -> Catalog:
    return platform.catalog


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
CatalogDep = Annotated[Catalog, Depends(get_catalog)]


# Closing a session still in a transaction gives its connection back (a rollback). On the
# routes' threadpool that close would queue behind route work, the connection held idle
# meanwhile: in a burst, requests holding connections wait for threads while the threads
# wait for connections (the pool empties; seen with a small threadpool). Closes get threads
# of their own, a bounded few.
_CLOSES = anyio.CapacityLimiter(8)


async def get_session(platform: PlatformDep) -> AsyncIterator[Session]:
    """A session per request; routes that write call ``session.commit()`` themselves.

    Opening one does no I/O (the connection comes with the first query), so it happens on
    the loop; closing returns a connection (a rollback), so it goes to a thread, one that
    never waits behind the routes' work (``_CLOSES``).
    """
    session = platform.sessions()
    try:
        yield session
    finally:
        if session.in_transaction():
            await anyio.to_thread.run_sync(session.close, limiter=_CLOSES)
        else:
            session.close()


SessionDep = Annotated[Session, Depends(get_session)]


def csrf_token(secret: str, session_token: str) -> str:
    """The CSRF token bound to a browser session (double-submit, derived, nothing stored)."""
    return hmac.new(secret.encode(), session_token.encode(), hashlib.sha256).hexdigest()[:32]


def credentials(request: Request) -> tuple[str | None, bool]:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip(), False
    cookie = request.cookies.get(SESSION_COOKIE)
    return (cookie, True) if cookie else (None, False)


def _check_csrf(request: Request, token: str, secret: str) -> None:
    """Cookie-authenticated writes must echo the page's CSRF token in a header.

    (The JSON API is the only cookie-authenticated writer; forms log in and out only.)
    """
    sent = request.headers.get(CSRF_HEADER)
    if not sent or not hmac.compare_digest(sent, csrf_token(secret, token)):
        raise Forbidden("missing or wrong CSRF token; reload the page and try again")


def signed_in_user(request: Request, session: Session, platform: Platform) -> User:
    """The request's user, or 401 (403 for a cookie-authenticated write without its CSRF
    token). Sync: on a token-cache miss it queries, so call it off the loop."""
    token, kind = _token_of(request)
    user = user_for_token(session, token, kind)
    return _signed_in(request, platform, token, kind, user, session)


async def current_user(request: Request, session: SessionDep, platform: PlatformDep) -> User:
    """On the loop when the token cache answers (memory only: a threadpool hop would cost
    more than the work); in the threadpool when the token must be read from the database."""
    token, kind = _token_of(request)
    cached = cached_user(session, token, kind)
    if cached is not None:
        return _signed_in(request, platform, token, kind, cached)
    return await run_in_threadpool(signed_in_user, request, session, platform)


def _token_of(request: Request) -> tuple[str, TokenKind]:
    token, from_cookie = credentials(request)
    if token is None:
        raise Unauthenticated(
            "log in first: send 'Authorization: Bearer <token>' or use the web page"
        )
    return token, TokenKind.SESSION if from_cookie else TokenKind.API


def _signed_in(
    request: Request,
    platform: Platform,
    token: str,
    kind: TokenKind,
    user: User,
    session: Session | None = None,
) -> User:
    """The checks after the token: a browser's (cookie's) write must carry its CSRF token."""
    if kind is TokenKind.SESSION and request.method not in SAFE_METHODS:
        _check_csrf(request, token, platform.settings.resolved_secret_key())
    request.state.session_token = token
    if session is not None:
        _give_back_connection(session)
    return user


def _give_back_connection(session: Session) -> None:
    """End the sign-in's read so its pooled connection goes back now.

    The route runs in a later threadpool hop: under load it waits for a thread, and
    connections held through those waits emptied the pool while the threads that had run
    waited for a connection (QueuePool timeouts in a burst). Objects stay loaded
    (``expire_on_commit=False``); the route's first query takes a connection again.
    """
    if session.in_transaction() and not (session.new or session.dirty or session.deleted):
        session.commit()


async def optional_user(
    request: Request, session: SessionDep, platform: PlatformDep
) -> User | None:
    try:
        return await current_user(request, session, platform)
    except Unauthenticated:
        return None


def reader(request: Request, session: Session, platform: Platform) -> User | None:
    """For what anyone may read: None for a visitor who sent no credentials at all.

    Credentials that are sent must still be valid, so a client whose token expired hears
    "log in again" (401) instead of silently seeing the course as a stranger. Sync (see
    :func:`signed_in_user`); :func:`maybe_user` is the dependency.
    """
    token, _ = credentials(request)
    return None if token is None else signed_in_user(request, session, platform)


async def maybe_user(request: Request, session: SessionDep, platform: PlatformDep) -> User | None:
    token, _ = credentials(request)
    return None if token is None else await current_user(request, session, platform)


CurrentUser = Annotated[User, Depends(current_user)]
OptionalUser = Annotated[User | None, Depends(optional_user)]
MaybeUser = Annotated[User | None, Depends(maybe_user)]
