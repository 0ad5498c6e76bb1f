"""Progress, the next recommended exercise, drafts and hints: what a learner has done."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pyroad.accounts.models import User
from pyroad.curriculum.model import Catalog, Exercise, Step
from pyroad.db import utcnow
from pyroad.learning.models import Draft, HintUse
from pyroad.submissions.models import Submission

RowT = TypeVar("RowT", Draft, HintUse)


class ExerciseState:
    SOLVED = "solved"
    ATTEMPTED = "attempted"
    NEW = "new"


@dataclass(frozen=True)
class StepProgress:
    step: Step
    solved: int
    attempted: int

    @property
    def total(self) -> int:
        return len(self.step.exercises)

    @property
    def percent(self) -> int:
        return round(100 * self.solved / self.total) if self.total else 0

    @property
    def state(self) -> str:
        if self.total and self.solved == self.total:
            return "done"
        return "in-progress" if self.solved or self.attempted else "not-started"


def solved_slugs(session: Session, user: User) -> set[str]:
    query = select(Submission.exercise_slug).where(
        Submission.user_id == user.id, Submission.verdict == "passed"
    )
    return set(session.scalars(query.distinct()))


def attempted_slugs(session: Session, user: User) -> set[str]:
    query = select(Submission.exercise_slug).where(Submission.user_id == user.id)
    return set(session.scalars(query.distinct()))


def exercise_states(session: Session, user: User) -> dict[str, str]:
    solved, attempted = solved_slugs(session, user), attempted_slugs(session, user)
    return {
        slug: ExerciseState.SOLVED if slug in solved else ExerciseState.ATTEMPTED
        for slug in attempted
    }


def roadmap(catalog: Catalog, states: dict[str, str]) -> list[StepProgress]:
    """Per-step progress from the learner's exercise states (see ``exercise_states``)."""
    return [
        StepProgress(
            step=step,
            solved=sum(1 for e in step.exercises if states.get(e.slug) == ExerciseState.SOLVED),
            attempted=sum(
                1 for e in step.exercises if states.get(e.slug) == ExerciseState.ATTEMPTED
            ),
        )
        for step in catalog.steps
    ]


def next_exercise(
    session: Session, catalog: Catalog, user: User, after: str | None = None
) -> Exercise | None:
    """The first unsolved exercise in roadmap order, starting after ``after`` if given."""
    return first_unsolved(catalog, solved_slugs(session, user), after)


def first_unsolved(catalog: Catalog, solved: set[str], after: str | None = None) -> Exercise | None:
    ordered = [e for step in catalog.steps for e in step.exercises]
    if after is not None:
        index = next((i for i, e in enumerate(ordered) if e.slug == after), -1)
        ordered = ordered[index + 1 :] + ordered[: index + 1]
    return next((e for e in ordered if e.slug not in solved), None)


def _row_for(session: Session, model: type[RowT], key: tuple[int, str], **fresh: Any) -> RowT:
    """The row for (user, exercise), created if missing, even when two requests race.

    Autosave and a manual save (or a double click) can both try to create it; the loser of
    that race gets the winner's row instead of an IntegrityError.
    """
    row = session.get(model, key)
    if row is not None:
        return row
    try:
        with session.begin_nested():
            row = model(user_id=key[0], exercise_slug=key[1], **fresh)
            session.add(row)
    except IntegrityError:
        row = session.get(model, key)
        assert row is not None
    return row


def save_draft(session: Session, user: User, slug: str, code: str) -> Draft:
    draft = _row_for(session, Draft, (user.id, slug), code=code)
    draft.code, draft.updated_at = code, utcnow()
    session.flush()
    return draft


def get_draft(session: Session, user: User, slug: str) -> Draft | None:
    return session.get(Draft, (user.id, slug))


def hints_revealed(session: Session, user: User, slug: str) -> int:
    use = session.get(HintUse, (user.id, slug))
    return use.revealed if use else 0


def reveal_hint(session: Session, user: User, exercise: Exercise) -> int:
    """Reveal one more hint (up to all of them); returns how many are now revealed."""
    use = _row_for(session, HintUse, (user.id, exercise.slug), revealed=0)
    use.revealed = min(len(exercise.hints), use.revealed + 1)
    use.updated_at = utcnow()
    session.flush()
    return use.revealed


@dataclass(frozen=True)
class Activity:
    days: list[tuple[date, int]]  # submissions per day, oldest first
    streak: int  # consecutive days with a submission, ending today or yesterday


def activity(session: Session, user: User, days: int = 28) -> Activity:
    today = utcnow().date()
    since = utcnow() - timedelta(days=days + 1)
    stamps = session.scalars(
        select(Submission.created_at).where(
            Submission.user_id == user.id, Submission.created_at >= since
        )
    )
    counts: dict[date, int] = {}
    for stamp in stamps:
        counts[stamp.date()] = counts.get(stamp.date(), 0) + 1
    days_back = [today - timedelta(days=offset) for offset in range(days - 1, -1, -1)]
    series = [(day, counts.get(day, 0)) for day in days_back]
    streak, day = 0, today if counts.get(today) else today - timedelta(days=1)
    while counts.get(day):
        streak, day = streak + 1, day - timedelta(days=1)
    return Activity(days=series, streak=streak)
