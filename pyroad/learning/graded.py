"""What the platform learns from a verdict, after the verdict is recorded.

The grading task updates the learner model in a savepoint of the transaction that stores
the verdict (one commit per grading), so a listener that fails is rolled back alone and
never costs a learner their verdict (it is logged; the learner model can be rebuilt from
the stored submissions). Listeners are called explicitly, in order.

Two ways in. :func:`on_graded` reads and writes in one go. The grading task instead calls
:func:`prepare` before its transaction's first write and :func:`apply` after recording the
verdict: the reads and the scheduling then run outside SQLite's one writer turn (a write
turn every grading thread and request waits for; bench/load.py), leaving only the inserts
and updates inside it. What was read is still right if the learner's version did not move
between the reads and the verdict's bump (every change to a learner's evidence, cards,
hints or reads bumps it, see ``learning.versions``); when it did, the task calls
:func:`on_graded` inside the turn instead.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from pyroad.learning import mastery, review
from pyroad.learning.adaptive_models import Evidence

log = logging.getLogger("pyroad.learning")


@dataclass(frozen=True)
class Graded:
    """One recorded verdict, as the learner model sees it."""

    submission_id: int
    user_id: int
    exercise_slug: str
    verdict: str  # passed · failed · error · timeout · memory · output-limit · internal
    passed_tests: int
    total_tests: int
    failed_tests: tuple[str, ...]  # names of the tests that did not pass
    created_at: datetime
    finished_at: datetime
    # The exercise's concept tags, from the catalog (spaced review rates cards per concept).
    concepts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Prepared:
    """The learner-model writes of one verdict, read and worked out, not yet made."""

    graded: Graded
    evidence: Evidence | None
    reviews: list[review.Rated]


def prepare(session: Session, graded: Graded) -> Prepared | None:
    """Read and work out what the verdict changes (no writes); None for an internal error."""
    if graded.verdict == "internal":
        return None
    return Prepared(
        graded,
        mastery.evidence(session, graded),
        review.plan(session, graded, graded.concepts),
    )


def apply(session: Session, prepared: Prepared | None) -> None:
    """Make the writes :func:`prepare` worked out (in the caller's savepoint)."""
    if prepared is None:
        return
    if prepared.evidence is not None:
        session.add(prepared.evidence)
    review.apply(session, prepared.reviews, prepared.graded)  # flushes both


def on_graded(session: Session, graded: Graded) -> None:
    """Update everything that depends on a verdict (listeners are added here, in order).

    No ``versions.bump`` here: recording the verdict bumped the learner's version in this
    same transaction, and a version stands for a whole commit, so cached views built before
    it are rebuilt with the listeners' writes too.
    """
    if graded.verdict == "internal":
        return  # our failure, not the learner's: it says nothing about what they know
    mastery.record(session, graded)
    review.on_graded(session, graded, graded.concepts)
