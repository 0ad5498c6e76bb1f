"""Roadmap, lessons, exercises, drafts and hints."""

from __future__ import annotations

from fastapi import APIRouter

from pyroad.curriculum.schemas import (
    DraftIn,
    DraftOut,
    ExerciseOut,
    HintsOut,
    LessonOut,
    RoadmapOut,
)
from pyroad.errors import NotFound
from pyroad.learning import services, views
from pyroad.submissions.services import validate_code
from pyroad.web.deps import CatalogDep, CurrentUser, SessionDep, SettingsDep
from pyroad.web.errors import problem_responses

router = APIRouter(tags=["curriculum"])


@router.get("/roadmap", response_model=RoadmapOut, responses=problem_responses(401))
def roadmap(user: CurrentUser, session: SessionDep, catalog: CatalogDep) -> RoadmapOut:
    """The nine steps with this learner's progress and the recommended next exercise."""
    return views.roadmap_view(session, catalog, user)


@router.get("/lessons/{slug}", response_model=LessonOut, responses=problem_responses(401, 404))
def lesson(slug: str, user: CurrentUser, session: SessionDep, catalog: CatalogDep) -> LessonOut:
    return views.lesson_view(session, catalog, user, slug)


@router.get("/exercises/{slug}", response_model=ExerciseOut, responses=problem_responses(401, 404))
def exercise(slug: str, user: CurrentUser, session: SessionDep, catalog: CatalogDep) -> ExerciseOut:
    """An exercise's statement, starter code, limits, revealed hints and saved draft."""
    return views.exercise_view(session, catalog, user, slug)


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
