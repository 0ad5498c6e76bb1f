"""Roadmap, lessons, exercises, drafts and hints."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from pyroad.accounts.models import TokenKind
from pyroad.accounts.services import cached_token, digest
from pyroad.curriculum.schemas import (
    DraftIn,
    DraftOut,
    ExerciseOut,
    HintsOut,
    LessonOut,
    RoadmapOut,
)
from pyroad.errors import NotFound, Unauthenticated
from pyroad.learning import services, versions, views
from pyroad.platform import Platform
from pyroad.submissions.services import validate_code
from pyroad.web import loop_versions
from pyroad.web.deps import (
    CatalogDep,
    CurrentUser,
    MaybeUser,
    PlatformDep,
    SessionDep,
    SettingsDep,
    credentials,
    reader,
)
from pyroad.web.errors import problem_responses
from pyroad.web.read_cache import ReadCache
from pyroad.web.responses import NOT_MODIFIED

router = APIRouter(tags=["curriculum"])


@router.get(
    "/roadmap", response_model=RoadmapOut, responses={**problem_responses(401), **NOT_MODIFIED}
)
async def roadmap(request: Request, platform: PlatformDep) -> Response:
    """The nine steps, their guided paths, progress and where to go next (`next`, with why).

    Readable without an account (everything "new"); a token that is sent must be valid.
    Carries an ETag: send it back in `If-None-Match` and an unchanged roadmap answers 304.
    """
    fast = await _on_the_loop(request, platform, "roadmap", None)
    if fast is not None:
        return fast
    return await run_in_threadpool(_cached_read, request, platform, "roadmap", None)


@router.get("/lessons/{slug}", response_model=LessonOut, responses=problem_responses(401, 404))
def lesson(slug: str, user: MaybeUser, session: SessionDep, catalog: CatalogDep) -> LessonOut:
    """A lesson; a signed-in learner's reading is recorded for the guided path."""
    view = views.lesson_view(session, catalog, user, slug)
    if user is not None and services.record_read(session, user, slug):
        session.commit()
    return view


@router.get(
    "/exercises/{slug}",
    response_model=ExerciseOut,
    responses={**problem_responses(401, 404), **NOT_MODIFIED},
)
async def exercise(request: Request, slug: str, platform: PlatformDep) -> Response:
    """An exercise's statement, starter code and limits; with an account also the learner's
    revealed hints, saved draft and state (running and submitting always need one).
    Carries an ETag (`If-None-Match` → 304 when unchanged)."""
    fast = await _on_the_loop(request, platform, "exercise", slug)
    if fast is not None:
        return fast
    return await run_in_threadpool(_cached_read, request, platform, "exercise", slug)


async def _on_the_loop(
    request: Request, platform: Platform, what: str, slug: str | None
) -> Response | None:
    """The cached answer without leaving the event loop, when everything it needs is in
    memory but the learner's version, and the loop can read that (``web.loop_versions``);
    else None: the threadpool path answers, building what is missing."""
    reader_on_loop = _loop_versions(request, platform)
    if reader_on_loop is None:
        return None
    catalog = platform.catalog
    if slug is not None:
        catalog.require_exercise(slug)
    token, from_cookie = credentials(request)
    user_id, version = None, 0
    if token is not None:
        held = cached_token(digest(token), TokenKind.SESSION if from_cookie else TokenKind.API)
        if held is None:
            return None
        try:
            found = await reader_on_loop.current(held.user_id)
        except loop_versions.Unavailable:
            return None
        if found is None:
            return None  # the threadpool path says why (401)
        user_id, version = held.user_id, found
    cache: ReadCache = request.app.state.read_cache
    body = cache.held((what, user_id, slug), version, catalog)
    return None if body is None else body.response(request)


def _loop_versions(request: Request, platform: Platform) -> loop_versions.LoopVersions | None:
    state = request.app.state
    if not hasattr(state, "loop_versions"):  # None too is kept: no loop reader here
        state.loop_versions = loop_versions.for_database(platform.engine.url)
    found: loop_versions.LoopVersions | None = state.loop_versions
    return found


def _cached_read(request: Request, platform: Platform, what: str, slug: str | None) -> Response:
    """A learner's roadmap or exercise from the read cache, in one threadpool hop.

    Sign-in, the learner's version (one primary-key read) and, only when that version
    changed, the grouped queries and the serialisation all run here together.
    """
    catalog = platform.catalog
    if slug is not None:
        catalog.require_exercise(slug)  # unknown slugs are never cached
    cache: ReadCache = request.app.state.read_cache
    with platform.sessions() as session:
        user = reader(request, session, platform)
        version = 0 if user is None else versions.current(session, user.id)
        if version is None:
            raise Unauthenticated("this account no longer exists; log in again")

        def build() -> bytes:
            if what == "roadmap":
                return views.roadmap_json(session, catalog, user)
            view = views.exercise_view(session, catalog, user, slug or "")
            return view.__pydantic_serializer__.to_json(view)

        key = (what, user.id if user else None, slug)
        body = cache.body(key, version, catalog, build)
    return body.response(request)


@router.put(
    "/exercises/{slug}/draft",
    response_model=DraftOut,
    responses=problem_responses(401, 403, 404, 413, 422),
)
def save_draft(
    slug: str,
    body: DraftIn,
    user: CurrentUser,
    session: SessionDep,
    catalog: CatalogDep,
    settings: SettingsDep,
) -> DraftOut:
    """Save the editor's content so it follows the learner across devices."""
    catalog.require_exercise(slug)
    validate_code(body.code, settings.max_code_bytes)
    draft = services.save_draft(session, user, slug, body.code)
    session.commit()
    return DraftOut(code=draft.code, updated_at=draft.updated_at.isoformat())


@router.get(
    "/exercises/{slug}/draft", response_model=DraftOut, responses=problem_responses(401, 404)
)
def get_draft(slug: str, user: CurrentUser, session: SessionDep, catalog: CatalogDep) -> DraftOut:
    catalog.require_exercise(slug)
    draft = services.get_draft(session, user, slug)
    if draft is None:
        raise NotFound(f"no draft saved for {slug!r} yet")
    return DraftOut(code=draft.code, updated_at=draft.updated_at.isoformat())


@router.post(
    "/exercises/{slug}/hints", response_model=HintsOut, responses=problem_responses(401, 403, 404)
)
def reveal_hint(slug: str, user: CurrentUser, session: SessionDep, catalog: CatalogDep) -> HintsOut:
    """Reveal the next hint (hints come one at a time; the count is recorded)."""
    exercise = catalog.require_exercise(slug)
    revealed = services.reveal_hint(session, user, exercise)
    session.commit()
    return HintsOut(
        revealed=revealed, total=len(exercise.hints), hints=list(exercise.hints[:revealed])
    )
