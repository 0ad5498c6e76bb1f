"""Ask the tutor: check the question, count it, answer (model or offline), store, read back.

One ``Tutor`` per process holds the per-learner rate limiter (shared across processes when
a rate-limit store is configured, like runs and submissions) and, when PYROAD_TUTOR_URL is
set, the model. Questions and answers are stored per learner; only the asker reads them.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from pyroad import shared_limits
from pyroad.accounts.models import User
from pyroad.config import Settings
from pyroad.curriculum.model import Catalog, Exercise
from pyroad.errors import InvalidInput, NotFound
from pyroad.grading.shows import learner_names
from pyroad.ratelimit import RateLimiter
from pyroad.submissions.services import validate_code
from pyroad.tutor import offline
from pyroad.tutor.context import TutorContext, gather
from pyroad.tutor.guard import Finding, secrets_of
from pyroad.tutor.llm import SYSTEM, ChatModel, ModelError, OpenAICompatible, prompt
from pyroad.tutor.models import AnswerSource, TutorQuestion

log = logging.getLogger("pyroad.tutor")
MAX_QUESTION = 2000  # characters


@dataclass(frozen=True)
class Shown:
    """The answer a learner reads, and why the model's was not used (if it was not)."""

    answer: offline.Answer
    markdown: str
    source: AnswerSource
    fallback: str = ""


class Tutor:
    """The tutor of one process: its rate limit and its optional model."""

    def __init__(self, settings: Settings, model: ChatModel | None = None) -> None:
        self.settings = settings
        if model is None and settings.tutor_url:
            model = OpenAICompatible(
                settings.tutor_url,
                settings.tutor_model,
                settings.tutor_key.get_secret_value(),
                settings.tutor_timeout_s,
            )
        self.model = model
        per_minute = settings.tutor_questions_per_minute
        url = shared_limits.store_url(settings)
        if url is None:
            self.limiter = RateLimiter(per_minute, noun="tutor questions")
        else:
            self.limiter = shared_limits.SharedRateLimiter(
                shared_limits.Shared(url, settings.sqlalchemy_url),
                per_minute,
                noun="tutor questions",
            )

    def ask(
        self,
        session: Session,
        catalog: Catalog,
        user: User,
        question: str,
        *,
        slug: str | None = None,
        submission_id: int | None = None,
        code: str = "",
    ) -> TutorQuestion:
        """Answer and store one question (the caller commits)."""
        question = check_question(question)
        if code:
            validate_code(code, self.settings.max_code_bytes)
        context = gather(session, catalog, user, slug=slug, submission_id=submission_id, code=code)
        self.limiter.record(user.id)  # only questions that will be answered count
        shown = self.answer(catalog, context, question)
        row = TutorQuestion(
            user_id=user.id,
            exercise_slug=context.exercise.slug if context.exercise else None,
            submission_id=context.submission_id,
            question=question,
            answer=shown.markdown,
            source=shown.source,
            fallback=shown.fallback[:200],
            facts=shown.answer.facts(),
        )
        session.add(row)
        session.flush()
        return row

    def answer(self, catalog: Catalog, context: TutorContext, question: str) -> Shown:
        """The offline answer, or the model's when it answers in time and passes the check."""
        plain = offline.answer(catalog, context, question)
        if self.model is None:
            return Shown(plain, plain.markdown, AnswerSource.OFFLINE)
        try:
            said = self.model.complete(SYSTEM, prompt(context, plain, question))
        except ModelError as error:
            log.warning("tutor model failed: %s; answering offline", error)
            return Shown(plain, plain.markdown, AnswerSource.OFFLINE, f"{error}")
        findings = model_findings(catalog, context, said, question)
        if findings:
            log.warning("tutor model answer withheld: %s (%s)", findings[0].kind, findings[0].where)
            reason = "the model's answer was withheld: it " + _said(findings[0])
            return Shown(plain, plain.markdown, AnswerSource.OFFLINE, reason)
        return Shown(plain, said, AnswerSource.LLM)


def check_question(question: str) -> str:
    """The question, stripped; 422 with a clear message when empty or too long."""
    stripped = question.strip()
    if not stripped:
        raise InvalidInput(
            "the question is empty: ask something, for example “why does this fail?”"
        )
    if len(stripped) > MAX_QUESTION:
        raise InvalidInput(
            f"the question is {len(stripped):,} characters long; the limit is "
            f"{MAX_QUESTION:,}: ask about one thing, and leave your code out (the tutor "
            "reads it from the editor or your submission)"
        )
    if "\x00" in stripped:
        raise InvalidInput("the question contains a NUL character; send plain text")
    try:
        stripped.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate ("\ud800") JSON can carry: not storable
        raise InvalidInput("the question is not valid UTF-8 text") from None
    return stripped


def model_findings(
    catalog: Catalog, context: TutorContext, said: str, question: str
) -> list[Finding]:
    """What the guard finds in a model's answer: against the exercise asked about, and
    against any exercise the question or answer names (a free question about another)."""
    exercises: list[Exercise] = [context.exercise] if context.exercise else []
    text = f"{question}\n{said}"
    for exercise in catalog.exercises:
        if exercise in exercises:
            continue
        if exercise.slug in text or any(name in text for name in _names(exercise)):
            exercises.append(exercise)
    findings: list[Finding] = []
    for exercise in exercises:
        findings += secrets_of(exercise).check(said, learner_code=context.code)
    return findings


@functools.lru_cache(maxsize=512)
def _names(exercise: Exercise) -> frozenset[str]:
    return learner_names(exercise)


def _said(finding: Finding) -> str:
    return {
        "hidden-test": "quoted a hidden test",
        "expected-value": "quoted a hidden test's expected value",
        "solution-line": "quoted the reference solution",
        "solution-code": "wrote solution code for the exercise",
    }.get(finding.kind, "failed the check")


def history(
    session: Session, user: User, slug: str | None = None, limit: int = 20
) -> list[TutorQuestion]:
    """This learner's questions, newest first (never anyone else's)."""
    query = select(TutorQuestion).where(TutorQuestion.user_id == user.id)
    if slug is not None:
        query = query.where(TutorQuestion.exercise_slug == slug)
    return list(session.scalars(query.order_by(TutorQuestion.id.desc()).limit(limit)))


def get_own(session: Session, user: User, question_id: int) -> TutorQuestion:
    """One question of this learner; another's is answered like a missing one (404)."""
    row = session.get(TutorQuestion, question_id)
    if row is None or row.user_id != user.id:
        raise NotFound(f"no tutor question with id {question_id}")
    return row
