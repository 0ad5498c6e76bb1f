"""Accounts API: register, log in, log out, who am I, password reset."""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, Request, Response

from pyroad.accounts import reset, services
from pyroad.accounts.models import TokenKind
from pyroad.accounts.schemas import (
    LoginIn,
    NewPasswordIn,
    RegisterIn,
    ResetRequestIn,
    ResetRequestOut,
    TokenOut,
    UserOut,
)
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
        session,
        body.email,
        body.password,
        body.display_name,
        fast_hash=settings.argon2_fast,
        first_admin=settings.environment == "development",
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


@router.post(
    "/password-reset",
    status_code=202,
    response_model=ResetRequestOut,
    responses=problem_responses(422, 429),
)
def request_password_reset(
    body: ResetRequestIn, request: Request, background: BackgroundTasks, platform: PlatformDep
) -> ResetRequestOut:
    """E-mail a one-time reset link (valid for an hour) if an account uses this e-mail.

    The answer is the same whether or not it does. Without SMTP (`sends_mail` false) an
    administrator makes links with `pyroad admin reset-password EMAIL`. Limited to 5 requests
    per e-mail and 20 per client address an hour (429).
    """
    settings = platform.settings
    client = request.client.host if request.client else "unknown"
    email = reset.accept_request(platform.reset_throttle, body.email, client)
    if not settings.sends_mail:
        return ResetRequestOut(detail=reset.NO_MAIL, sends_mail=False)
    base = reset.link_base(settings, str(request.base_url))
    background.add_task(reset.mail_reset_link, platform.sessions, settings, email, base)
    return ResetRequestOut(detail=reset.MAIL_ON_ITS_WAY, sends_mail=True)


@router.post("/password-reset/{token}", status_code=204, responses=problem_responses(404, 422))
def use_password_reset(
    token: str, body: NewPasswordIn, session: SessionDep, platform: PlatformDep
) -> Response:
    """Set a new password with a reset link's token; signs the account out everywhere.

    Unknown, used and expired tokens get one answer:
    404 "this reset link is invalid or has expired".
    """
    user = reset.reset_password(
        session, token, body.password, fast_hash=platform.settings.argon2_fast
    )
    session.commit()
    platform.login_throttle.succeeded(user.email)
    return Response(status_code=204)
