"""Accounts API: register, log in, log out, who am I."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from pyroad.accounts import services
from pyroad.accounts.models import TokenKind
from pyroad.accounts.schemas import LoginIn, RegisterIn, TokenOut, UserOut
from pyroad.web.deps import CurrentUser, PlatformDep, SessionDep, SettingsDep
from pyroad.web.errors import problem_responses

router = APIRouter(tags=["accounts"])


@router.post(
    "/accounts",
    status_code=201,
    response_model=TokenOut,
    responses=problem_responses(400, 409, 422),
)
def register(body: RegisterIn, session: SessionDep, settings: SettingsDep) -> TokenOut:
    """Create an account and return an API token for it."""
    user = services.register(
        session, body.email, body.password, body.display_name, fast_hash=settings.argon2_fast
    )
    issued = services.issue_token(session, user, TokenKind.API, settings.session_days)
    session.commit()
    return TokenOut(access_token=issued.token, user=UserOut.model_validate(user))


@router.post(
    "/auth/login", response_model=TokenOut, responses=problem_responses(400, 401, 422, 429)
)
def login(body: LoginIn, session: SessionDep, platform: PlatformDep) -> TokenOut:
    """Exchange e-mail and password for a bearer token (10 failures in 15 min → 429)."""
    settings = platform.settings
    user = services.authenticate(
        session,
        body.email,
        body.password,
        fast_hash=settings.argon2_fast,
        throttle=platform.login_throttle,
    )
    issued = services.issue_token(session, user, TokenKind.API, settings.session_days)
    session.commit()
    return TokenOut(access_token=issued.token, user=UserOut.model_validate(user))


@router.post("/auth/logout", status_code=204, responses=problem_responses(401, 403))
def logout(request: Request, user: CurrentUser, session: SessionDep) -> Response:
    """Revoke the token (or browser session) used for this request."""
    services.revoke_token(session, request.state.session_token)
    session.commit()
    return Response(status_code=204)


@router.get("/me", response_model=UserOut, responses=problem_responses(401))
def me(user: CurrentUser) -> UserOut:
    return UserOut.model_validate(user)
