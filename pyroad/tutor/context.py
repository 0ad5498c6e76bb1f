"""What the tutor may know when it answers: only what the learner can already read.

The failing test comes from the learner's own submission through
``submissions.services.shown_tests``, the same filter the result page uses: a hidden test
brings its rule (and the rebuilt traceback of the learner's own lines), a visible one what
it did, expected and got. Nothing here reads a hidden probe's code, its pinned expectations
or the reference solution: those stay with the grader (and with ``guard``, which looks for
them in answers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pyroad.accounts.models import User
from pyroad.curriculum.model import Catalog, Exercise
from pyroad.errors import NotFound
from pyroad.grading.grader import listed_name
from pyroad.grading.hidden import HIDDEN_NOTE
from pyroad.learning.services import hints_revealed
from pyroad.submissions.models import Submission, SubmissionStatus
from pyroad.submissions.services import shown_tests

_CASE = re.compile(r" \((?:\d+ of \d+|case \d+)\)$")


@dataclass(frozen=True)
class FailingTest:
    """A failing test as its result already shows it to the learner."""

    name: str
    hidden: bool
    rule: str  # the first paragraph of the message: what the test checks
    message: str  # the whole message the result shows (a hidden one: rule and safe facts)
    shows: str = ""  # what a visible test did, in the learner's terms
    traceback: str = ""  # a hidden test's is rebuilt from the learner's own lines

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "hidden": self.hidden, "rule": self.rule}


@dataclass(frozen=True)
class Hint:
    """Where the learner is in the exercise's hints: the next one to reveal, if any."""

    revealed: int
    total: int

    @property
    def next_number(self) -> int | None:
        return self.revealed + 1 if self.revealed < self.total else None


@dataclass(frozen=True)
class TutorContext:
    """Everything one answer may be built from."""

    exercise: Exercise | None
    submission_id: int | None = None
    verdict: str | None = None
    summary: str = ""
    failing: tuple[FailingTest, ...] = ()
    traceback: str = ""  # the submission's own (load errors; already filtered by the grader)
    explanation: str = ""
    hint: Hint | None = None
    code: str = ""  # the learner's code: their editor's, else the submission's
    passed: int = 0
    total: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def gather(
    session: Session,
    catalog: Catalog,
    user: User,
    *,
    slug: str | None,
    submission_id: int | None,
    code: str = "",
) -> TutorContext:
    """The context of a question: the exercise, the learner's submission (theirs only), hints.

    A submission id that is not this learner's is answered like a missing one (404), so
    nobody learns that another learner's submission exists, let alone its feedback.
    """
    submission = None
    if submission_id is not None:
        submission = session.get(Submission, submission_id)
        if submission is None or submission.user_id != user.id:
            raise NotFound(f"no submission with id {submission_id}")
        if slug is not None and slug != submission.exercise_slug:
            raise NotFound(f"submission {submission_id} is not about the exercise {slug!r}")
        slug = submission.exercise_slug
    exercise = catalog.require_exercise(slug) if slug else None
    if exercise is None:
        return TutorContext(exercise=None, code=code)
    if submission is None:
        submission = _latest_done(session, user, exercise.slug)
    hint = Hint(hints_revealed(session, user, exercise.slug), len(exercise.hints))
    if submission is None or submission.status is not SubmissionStatus.DONE:
        return TutorContext(
            exercise=exercise,
            submission_id=submission.id if submission else None,
            hint=hint,
            code=code or (submission.code if submission else ""),
        )
    result = submission.result or {}
    tests = shown_tests(result.get("tests") or [], catalog, exercise.slug)
    rules = _rules(exercise)
    failing = tuple(
        _failing(test, rules) for test in tests if test.get("status") in ("failed", "error")
    )
    return TutorContext(
        exercise=exercise,
        submission_id=submission.id,
        verdict=submission.verdict,
        summary=submission.summary,
        failing=failing,
        traceback=str(result.get("traceback") or ""),
        explanation=str(result.get("explanation") or ""),
        hint=hint,
        code=code or submission.code,
        passed=sum(1 for test in tests if test.get("status") == "passed"),
        total=len(tests),
    )


def _latest_done(session: Session, user: User, slug: str) -> Submission | None:
    query = (
        select(Submission)
        .where(Submission.user_id == user.id, Submission.exercise_slug == slug)
        .order_by(Submission.id.desc())
        .limit(1)
    )
    return session.scalars(query).first()


def _rules(exercise: Exercise) -> dict[str, str]:
    """Each test's rule (the probe's message, public: every result of it shows it) by the
    name it is listed under."""
    taken = {probe.name for probe in exercise.tests}
    return {listed_name(probe, taken): probe.message for probe in exercise.tests}


def _failing(test: dict[str, Any], rules: dict[str, str]) -> FailingTest:
    message = str(test.get("message") or "")
    hidden = bool(test.get("hidden"))
    name = str(test.get("name") or "")
    # A randomised probe's results are listed as "name (2 of 8)".
    rule = rules.get(name) or rules.get(_CASE.sub("", name), "")
    if not rule:
        paragraphs = message.replace(HIDDEN_NOTE, "").strip().split("\n\n")
        rule = paragraphs[0] if hidden else paragraphs[-1]
    return FailingTest(
        name=name,
        hidden=hidden,
        rule=rule,
        message=message.strip(),
        shows=str(test.get("shows") or "") if not hidden else "",
        traceback=str(test.get("traceback") or ""),
    )
