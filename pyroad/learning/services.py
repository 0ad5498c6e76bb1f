"""Progress, the next recommended exercise, drafts, hints and lesson reads: what a learner did."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar

from sqlalchemy import case, func, select
from sqlalchemy.dialects.mysql import insert as mysql_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pyroad.accounts.models import User
from pyroad.curriculum.model import Catalog, Exercise, Step
from pyroad.db import bound, utcnow
from pyroad.learning import versions
from pyroad.learning.models import Draft, HintUse, LessonRead
from pyroad.learning.path import CoursePath, NextItem, Progress
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
    return set(session.scalars(_SOLVED, {"user_id": user.id}))


# Built once (see ``pyroad.db.bound``): read whenever a learner's views are rebuilt, which
# every verdict causes.
_LEARNER = bound(Submission.user_id, "user_id")
_SOLVED = (
    select(Submission.exercise_slug)
    .where(Submission.user_id == _LEARNER, Submission.verdict == "passed")
    .distinct()
)


def attempted_slugs(session: Session, user: User) -> set[str]:
    query = select(Submission.exercise_slug).where(Submission.user_id == user.id)
    return set(session.scalars(query.distinct()))


def exercise_states(session: Session, user: User) -> dict[str, str]:
    """Solved or attempted, per exercise the learner submitted to: one grouped query."""
    passed = func.max(case((Submission.verdict == "passed", 1), else_=0))
    rows = session.execute(
        select(Submission.exercise_slug, passed)
        .where(Submission.user_id == user.id)
        .group_by(Submission.exercise_slug)
    )
    return {
        slug: ExerciseState.SOLVED if solved else ExerciseState.ATTEMPTED for slug, solved in rows
    }


@dataclass(frozen=True)
class ExerciseFacts:
    """What the exercise page needs about one learner and one exercise."""

    revealed: int  # hints revealed
    draft: str | None  # saved editor content
    state: str  # ExerciseState


def exercise_facts(session: Session, user: User, slug: str) -> ExerciseFacts:
    """Hints revealed, draft and state in one round trip (three scalar subqueries)."""
    row = session.execute(_FACTS, {"user_id": user.id, "slug": slug}).one()
    state = (
        ExerciseState.NEW
        if row[2] is None
        else ExerciseState.SOLVED
        if row[2]
        else ExerciseState.ATTEMPTED
    )
    return ExerciseFacts(revealed=row[0] or 0, draft=row[1], state=state)


_SLUG = bound(Submission.exercise_slug, "slug")
_FACTS = select(
    select(HintUse.revealed)
    .where(HintUse.user_id == _LEARNER, HintUse.exercise_slug == _SLUG)
    .scalar_subquery(),
    select(Draft.code)
    .where(Draft.user_id == _LEARNER, Draft.exercise_slug == _SLUG)
    .scalar_subquery(),
    select(func.max(case((Submission.verdict == "passed", 1), else_=0)))
    .where(Submission.user_id == _LEARNER, Submission.exercise_slug == _SLUG)
    .scalar_subquery(),
)


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


def first_unsolved(
    catalog: Catalog, solved: AbstractSet[str], after: str | None = None
) -> Exercise | None:
    """Exercises in path order (lessons left out), so Continue and "next" agree."""
    path = CoursePath.of_cached(catalog)
    ordered = [item.exercise for item in path.items if item.exercise is not None]
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
    if session.get_bind().dialect.name in ("mysql", "mariadb"):
        # InnoDB leaves each losing INSERT a shared lock on the winner's row until commit, so
        # two losers that then update it deadlock. ON DUPLICATE KEY UPDATE takes the row's
        # exclusive lock instead: racing requests queue, and read the row once it is theirs.
        insert = mysql_insert(model).values(user_id=key[0], exercise_slug=key[1], **fresh)
        session.execute(insert.on_duplicate_key_update(user_id=insert.inserted.user_id))
        locked = session.get(model, key, populate_existing=True)
        assert locked is not None
        return locked
    try:
        with session.begin_nested():
            row = model(user_id=key[0], exercise_slug=key[1], **fresh)
            session.add(row)
    except IntegrityError:
        row = session.get(model, key)
        assert row is not None
    return row


def save_draft(session: Session, user: User, slug: str, code: str) -> Draft:
    versions.bump(session, user.id)
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
    versions.bump(session, user.id)
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


def read_lessons(session: Session, user: User) -> set[str]:
    return set(session.scalars(_READ, {"user_id": user.id}))


_READ = select(LessonRead.lesson_slug).where(LessonRead.user_id == _LEARNER)


def record_read(session: Session, user: User, slug: str) -> bool:
    """Mark a lesson read (the first opening is kept); True when this was the first time.

    Two tabs opening the same lesson race to insert; the loser finds the winner's row.
    """
    if session.get(LessonRead, (user.id, slug)) is not None:
        return False
    versions.bump(session, user.id)
    try:
        with session.begin_nested():
            session.add(LessonRead(user_id=user.id, lesson_slug=slug))
    except IntegrityError:
        return False
    return True


def progress(session: Session, user: User | None) -> Progress:
    """What the path needs to know; empty for a visitor without an account."""
    if user is None:
        return Progress()
    return Progress(
        read=frozenset(read_lessons(session, user)), solved=frozenset(solved_slugs(session, user))
    )


def next_item(
    session: Session,
    catalog: Catalog,
    user: User | None,
    after: str | None = None,
    solved: frozenset[str] | None = None,
) -> NextItem | None:
    """Where Start/Continue lead: the first path item not done (after ``after`` if given);
    for a learner, the adaptive pick with its reason (``learning.recommend``). ``solved``:
    the learner's solved exercises, when the caller has read them already."""
    path = CoursePath.of_cached(catalog)
    if user is None:
        return path.following(after) if after is not None else path.first()
    from pyroad.learning import recommend  # it reads this module's queries: no cycle

    learner = recommend.load(session, catalog, user, solved=solved)
    found = recommend.next_for(catalog, learner, after)
    return found.next if found else None
