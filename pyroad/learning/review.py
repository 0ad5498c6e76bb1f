"""Spaced review: concepts a learner passed come back on an FSRS schedule as short exercises.

Each (learner, concept) has one FSRS card (the maintained ``fsrs`` package does the
scheduling). A concept gets its card when the learner first passes an exercise tagged with
it; that pass is the card's first rating. When the card is due, any graded attempt at an
exercise practising the concept is its review, rated from the attempt:

- passed, with no failed attempt at that exercise and no hint revealed since the card
  came due → Good;
- passed after failures or hints in that window → Hard;
- failed ``AGAIN_AFTER_FAILURES`` times in that window → Again (one typo is not forgetting;
  the card then comes back the next day).

The queue turns due cards into exercises: for each concept, one practising it from a step
the learner has reached, preferring one not solved yet, else the one solved longest ago
(short ones first, projects last); an exercise covering several due concepts reviews them
all. Intervals are whole days (no minute-long learning steps: a programming concept is not
a flashcard) and not fuzzed, so a schedule can be checked from explicit times.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from fsrs import Card, Rating, Scheduler, State
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pyroad.accounts.models import User
from pyroad.curriculum.model import Catalog, Difficulty, Exercise
from pyroad.db import bound, table_of
from pyroad.learning.models import HintUse
from pyroad.learning.review_models import (
    CardState,
    ReviewCard,
    ReviewKind,
    ReviewLog,
    ReviewRating,
)
from pyroad.submissions.models import SUBMISSIONS, Submission, SubmissionStatus

if TYPE_CHECKING:  # graded.py calls on_graded(): importing it here would be a cycle
    from pyroad.learning.graded import Graded

log = logging.getLogger("pyroad.learning.review")

AGAIN_AFTER_FAILURES = 3  # failed attempts within one due window that rate the card Again
QUEUE_LIMIT = 5  # review exercises shown at once (the rest are counted as "more")
MAX_INTERVAL_DAYS = 365  # a concept comes back at least once a year
DESIRED_RETENTION = 0.9  # FSRS's default: due when recall is predicted to drop to 90 %

SCHEDULER = Scheduler(
    desired_retention=DESIRED_RETENTION,
    learning_steps=(),
    relearning_steps=(),
    maximum_interval=MAX_INTERVAL_DAYS,
    enable_fuzzing=False,
)

_STATES = {
    State.Learning: CardState.LEARNING,
    State.Review: CardState.REVIEW,
    State.Relearning: CardState.RELEARNING,
}
_RATINGS = {
    Rating.Again: ReviewRating.AGAIN,
    Rating.Hard: ReviewRating.HARD,
    Rating.Good: ReviewRating.GOOD,
    Rating.Easy: ReviewRating.EASY,
}
_NOT_FAILED = ("passed", "internal")  # internal is our failure, never the learner's
_EFFORT = {Difficulty.EASY: 0, Difficulty.MEDIUM: 1, Difficulty.HARD: 2}


# --- rating verdicts (the listener) -------------------------------------------------------


def rating_for(passed: bool, failures: int, hints: int) -> Rating | None:
    """The FSRS rating of an attempt, or None when it does not rate the card (yet).

    ``failures`` counts failed attempts in the window, this one included when it failed.
    """
    if passed:
        return Rating.Hard if failures or hints else Rating.Good
    return Rating.Again if failures >= AGAIN_AFTER_FAILURES else None


def on_graded(session: Session, graded: Graded, concepts: Sequence[str]) -> None:
    """Create or rate the learner's cards for the graded exercise's ``concepts``.

    Runs in a savepoint: a failure here is logged and leaves the other listeners' work in
    the grading task's transaction intact. Idempotent per submission.
    """
    if not concepts or graded.verdict == "internal":
        return
    try:
        with session.begin_nested():
            # One learner's verdicts can be graded at once by two workers: take them in
            # turn, so a card is created once and never rated from a stale copy.
            session.execute(select(User.id).where(User.id == graded.user_id).with_for_update())
            apply(session, plan(session, graded, concepts), graded)
    except Exception:
        log.exception("spaced review: rating submission %s failed", graded.submission_id)


@dataclass(frozen=True)
class Rated:
    """One card's review worked out from a verdict, not yet written (see :func:`plan`)."""

    concept: str
    card: ReviewCard | None  # None: the concept's first pass creates its card
    rating: Rating
    reviewed: Card  # the card after the review, as FSRS schedules it
    failures: int
    hints: int
    since: datetime | None  # the card's due time before this review (None: a new card)


def plan(session: Session, graded: Graded, concepts: Sequence[str]) -> list[Rated]:
    """Read what the verdict rates and schedule it, writing nothing.

    Only reads: the grading task runs this before its transaction's first write (outside
    SQLite's one writer turn) and :func:`apply` afterwards, if the learner's version shows
    nothing changed in between (see ``learning.graded``).
    """
    if not concepts or graded.verdict == "internal":
        return []
    counted = session.connection().execute(_COUNTED, {"submission_id": graded.submission_id})
    if counted.first() is not None:
        return []  # this verdict was already counted (the listener ran twice)
    at = graded.created_at.astimezone(UTC)  # the attempt's time, not the grader's
    passed = graded.verdict == "passed"
    wanted = list(dict.fromkeys(concepts))
    cards = {
        card.concept: card
        for card in session.scalars(
            select(ReviewCard).where(
                ReviewCard.user_id == graded.user_id, ReviewCard.concept.in_(wanted)
            )
        )
    }
    rated: list[Rated] = []
    windows: dict[datetime | None, tuple[int, int]] = {}  # new cards all share since=None
    for concept in wanted:
        card = cards.get(concept)
        if card is None and not passed:
            continue  # a concept enters review once passed
        if card is not None and card.due > at:
            continue  # not due: practising it early does not move the schedule
        since = card.due if card is not None else None
        if since not in windows:
            windows[since] = _window(session, graded, since)
        failures, hints = windows[since]
        failures += 0 if passed else 1
        rating = rating_for(passed, failures, hints)
        if rating is None:
            continue
        before = to_fsrs(card) if card is not None else Card(card_id=1, due=at)
        reviewed, _ = SCHEDULER.review_card(before, rating, at)
        rated.append(Rated(concept, card, rating, reviewed, failures, hints, since))
    return rated


def apply(session: Session, rated: Iterable[Rated], graded: Graded) -> None:
    """Write the reviews :func:`plan` worked out: cards created or moved, one log each."""
    at = graded.created_at.astimezone(UTC)
    for review in rated:
        card = review.card
        if card is None:
            card = ReviewCard(
                user_id=graded.user_id,
                concept=review.concept,
                state=CardState.LEARNING,
                due=at,
                reps=0,
                lapses=0,
                source_exercise=graded.exercise_slug,
                created_at=at,
            )
        session.add(card)  # new, or read by plan() in a session that has ended since
        _apply(session, card, review, at, graded)
    session.flush()


def _window(session: Session, graded: Graded, since: datetime | None) -> tuple[int, int]:
    """Failed attempts at the graded exercise before this one (since ``since``, when given)
    and hints of it revealed in that window."""
    values = {
        "user_id": graded.user_id,
        "slug": graded.exercise_slug,
        "submission_id": graded.submission_id,
        "created_at": graded.created_at,
        "since": since,
    }
    query = _FAILED_BEFORE if since is None else _FAILED_SINCE
    failures = session.connection().execute(query, values).scalar() or 0
    use = session.get(HintUse, (graded.user_id, graded.exercise_slug))
    hints = 0
    if use is not None and use.revealed and (since is None or use.updated_at >= since):
        hints = use.revealed
    return failures, hints


# Built once (see ``pyroad.db.bound``): read for every graded submission.
_FAILED_BEFORE = (
    select(func.count())
    .select_from(SUBMISSIONS)
    .where(
        SUBMISSIONS.c.user_id == bound(Submission.user_id, "user_id"),
        SUBMISSIONS.c.exercise_slug == bound(Submission.exercise_slug, "slug"),
        SUBMISSIONS.c.status == SubmissionStatus.DONE,
        SUBMISSIONS.c.verdict.is_not(None),
        SUBMISSIONS.c.verdict.not_in(_NOT_FAILED),
        SUBMISSIONS.c.id != bound(Submission.id, "submission_id"),
        SUBMISSIONS.c.created_at <= bound(Submission.created_at, "created_at"),
    )
)
_FAILED_SINCE = _FAILED_BEFORE.where(
    SUBMISSIONS.c.created_at >= bound(Submission.created_at, "since")
)
_LOGS = table_of(ReviewLog)
_COUNTED = (
    select(_LOGS.c.id)
    .where(_LOGS.c.submission_id == bound(ReviewLog.submission_id, "submission_id"))
    .limit(1)
)


def _apply(session: Session, card: ReviewCard, review: Rated, at: datetime, graded: Graded) -> None:
    reviewed = review.reviewed
    lapsed = review.rating == Rating.Again and card.reps > 0
    card.state = _STATES[reviewed.state]
    card.step = reviewed.step
    card.stability = reviewed.stability
    card.difficulty = reviewed.difficulty
    card.due = reviewed.due
    card.last_review = at
    card.reps += 1
    card.lapses += 1 if lapsed else 0
    assert reviewed.stability is not None and reviewed.difficulty is not None
    session.add(
        ReviewLog(
            user_id=graded.user_id,
            concept=card.concept,
            exercise_slug=graded.exercise_slug,
            submission_id=graded.submission_id,
            kind=ReviewKind.LEARNED if review.since is None else ReviewKind.REVIEW,
            rating=_RATINGS[review.rating],
            failures=review.failures,
            hints=review.hints,
            reviewed_at=at,
            due_before=review.since,
            due_after=reviewed.due,
            stability=reviewed.stability,
            difficulty=reviewed.difficulty,
        )
    )


def to_fsrs(card: ReviewCard) -> Card:
    """The stored card as an ``fsrs.Card`` (the id is unused: cards are keyed by concept)."""
    state = next(key for key, value in _STATES.items() if value == card.state)
    return Card(
        card_id=1,
        state=state,
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due.astimezone(UTC),
        last_review=card.last_review.astimezone(UTC) if card.last_review else None,
    )


# --- the queue --------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewItem:
    """One review exercise and the due concepts it practises."""

    exercise: Exercise
    cards: list[ReviewCard]
    last_solved: datetime | None  # None: not solved yet

    def because(self, catalog: Catalog, now: datetime) -> str:
        """One sentence: what came due when, and why this exercise (the concepts are listed
        beside it: topic names such as "Strings and string methods" do not join well)."""
        oldest = min(card.due for card in self.cards)
        if len(self.cards) == 1:
            what = f"{_capital(concept_name(catalog, self.cards[0].concept))} came due"
            when = _ago(oldest, now)
        else:
            what = f"{len(self.cards)} concepts came due"
            newest = max(card.due for card in self.cards)
            when = _ago(oldest, now)
            if _ago(newest, now) != when:
                when = f"in the last {(now.date() - oldest.astimezone(UTC).date()).days} days"
        them = "it" if len(self.cards) == 1 else "them"
        why = (
            f"an exercise you have not solved yet practises {them}"
            if self.last_solved is None
            else f"you last solved this one {_ago(self.last_solved, now)}"
        )
        return f"{what} {when}; {why}."


@dataclass(frozen=True)
class ReviewQueue:
    now: datetime
    items: list[ReviewItem]
    more: int  # review exercises beyond the ones shown
    due: int  # due cards placed in an exercise (shown or not)
    total: int  # all the learner's cards
    next_due: ReviewCard | None  # the soonest card not due yet


def review_queue(
    session: Session, catalog: Catalog, user_id: int, now: datetime, limit: int = QUEUE_LIMIT
) -> ReviewQueue:
    """The learner's due reviews as exercises, most overdue first (two queries)."""
    cards = cards_of(session, user_id)
    due = [card for card in cards if card.due <= now]
    later = next((card for card in cards if card.due > now), None)
    if not due:
        return ReviewQueue(now, [], 0, 0, len(cards), later)
    solved = last_passes(session, user_id)
    reached = max((e.step for slug in solved if (e := catalog.exercise(slug))), default=0)
    practising = _practising(catalog)
    items: list[ReviewItem] = []
    for card in due:
        home = next((item for item in items if card.concept in item.exercise.concepts), None)
        if home is not None:
            home.cards.append(card)
            continue
        chosen = pick_exercise(practising.get(card.concept, []), solved, reached)
        if chosen is not None:
            items.append(ReviewItem(chosen, [card], solved.get(chosen.slug)))
    placed = sum(len(item.cards) for item in items)
    return ReviewQueue(now, items[:limit], max(0, len(items) - limit), placed, len(cards), later)


def pick_exercise(
    candidates: Iterable[Exercise], solved: dict[str, datetime], reached: int
) -> Exercise | None:
    """The review exercise among those practising a concept: from a step reached, not a
    project when avoidable, unsolved first (easiest, shortest), else solved longest ago."""
    pool = list(candidates)
    within = [e for e in pool if e.step <= reached] or pool
    short = [e for e in within if not e.project] or within
    if not short:
        return None
    epoch = datetime.min.replace(tzinfo=UTC)

    def key(e: Exercise) -> tuple[int, datetime, int, int, int, int]:
        last = solved.get(e.slug)
        return (
            0 if last is None else 1,
            last or epoch,
            _EFFORT[e.difficulty],
            e.minutes,
            e.step,
            e.order,
        )

    return min(short, key=key)


def last_passes(session: Session, user_id: int) -> dict[str, datetime]:
    """When the learner last passed each exercise they passed (one grouped query)."""
    rows = session.execute(
        select(Submission.exercise_slug, func.max(Submission.created_at))
        .where(Submission.user_id == user_id, Submission.verdict == "passed")
        .group_by(Submission.exercise_slug)
    )
    return {slug: stamp.astimezone(UTC) for slug, stamp in rows}


def cards_of(session: Session, user_id: int) -> list[ReviewCard]:
    return list(
        session.scalars(
            select(ReviewCard)
            .where(ReviewCard.user_id == user_id)
            .order_by(ReviewCard.due, ReviewCard.concept)
        )
    )


def retrievability(card: ReviewCard, now: datetime) -> float:
    """FSRS's predicted probability that the learner still recalls the concept now."""
    return float(SCHEDULER.get_card_retrievability(to_fsrs(card), now.astimezone(UTC)))


def concept_name(catalog: Catalog, concept: str) -> str:
    """A concept's readable name: its topic's name up to a colon, else the id in words."""
    topic = next((t for t in catalog.topics if t.id == concept), None)
    if topic is None:
        return concept.replace("-", " ")
    return topic.name.split(":")[0].strip()


def _practising(catalog: Catalog) -> dict[str, list[Exercise]]:
    index: dict[str, list[Exercise]] = {}
    for exercise in catalog.exercises:
        for concept in exercise.concepts:
            index.setdefault(concept, []).append(exercise)
    return index


def _capital(name: str) -> str:
    return name[:1].upper() + name[1:]


def _ago(when: datetime, now: datetime) -> str:
    days = (now.date() - when.astimezone(UTC).date()).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"
