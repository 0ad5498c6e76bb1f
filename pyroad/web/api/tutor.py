"""The tutor: ask a question about an exercise (or the course), read your own questions back."""

from __future__ import annotations

import threading
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request

from pyroad.tutor import service
from pyroad.tutor.models import TutorQuestion
from pyroad.tutor.schemas import AnswerOut, QuestionIn
from pyroad.tutor.service import Tutor
from pyroad.web.deps import CatalogDep, CurrentUser, PlatformDep, SessionDep
from pyroad.web.errors import problem_responses

router = APIRouter(tags=["tutor"])
_LOCK = threading.Lock()


def get_tutor(request: Request, platform: PlatformDep) -> Tutor:
    """The process's tutor, made on first use (its limiter and model live as long as the app)."""
    tutor: Tutor | None = getattr(request.app.state, "tutor", None)
    if tutor is None:
        with _LOCK:
            tutor = getattr(request.app.state, "tutor", None)
            if tutor is None:
                tutor = request.app.state.tutor = Tutor(platform.settings)
    return tutor


TutorDep = Annotated[Tutor, Depends(get_tutor)]


@router.post(
    "/tutor/questions",
    status_code=201,
    response_model=AnswerOut,
    responses=problem_responses(400, 401, 403, 404, 413, 422, 429),
)
def ask(
    body: QuestionIn,
    user: CurrentUser,
    session: SessionDep,
    catalog: CatalogDep,
    tutor: TutorDep,
) -> AnswerOut:
    """Ask the tutor. About an exercise it reads your latest submission (or `submission_id`):
    the failing test's rule, the error, the lesson sections that teach it, the next hint.

    It never gives hidden tests, their inputs or expected values, or a solution. With
    `PYROAD_TUTOR_URL` set a model words the answer; a slow or failing model, or an answer
    that fails the check, gives the offline answer (`fallback` says why). Empty questions
    and questions over 2,000 characters are 422; asking too often is 429 with Retry-After.
    """
    row = tutor.ask(
        session,
        catalog,
        user,
        body.question,
        slug=body.exercise,
        submission_id=body.submission_id,
        code=body.code,
    )
    session.commit()
    return answer_out(row)


@router.get(
    "/tutor/questions", response_model=list[AnswerOut], responses=problem_responses(401, 422)
)
def list_questions(
    user: CurrentUser,
    session: SessionDep,
    exercise: str | None = Query(None, max_length=100, pattern=r"^[a-z0-9-]+$"),
    limit: int = Query(20, ge=1, le=100),
) -> list[AnswerOut]:
    """Your questions and the tutor's answers, newest first (only yours)."""
    return [answer_out(row) for row in service.history(session, user, exercise, limit)]


@router.get(
    "/tutor/questions/{question_id}",
    response_model=AnswerOut,
    responses=problem_responses(401, 404, 422),
)
def get_question(
    question_id: Annotated[int, Path(ge=1, le=2**31 - 1)], user: CurrentUser, session: SessionDep
) -> AnswerOut:
    """One of your questions (another learner's is a 404, as if it did not exist)."""
    return answer_out(service.get_own(session, user, question_id))


def answer_out(row: TutorQuestion) -> AnswerOut:
    facts = row.facts or {}
    return AnswerOut.model_validate(
        {
            "id": row.id,
            "exercise": row.exercise_slug,
            "submission_id": row.submission_id,
            "question": row.question,
            "answer": row.answer,
            "source": row.source.value,
            "fallback": row.fallback,
            "refused": bool(facts.get("refused")),
            "sections": facts.get("sections") or [],
            "failing_test": facts.get("failing_test"),
            "next_hint": facts.get("next_hint"),
            "created_at": row.created_at,
        }
    )
