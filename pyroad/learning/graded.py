"""What the platform learns from a verdict, after the verdict is recorded.

The grading task calls :func:`on_graded` in a savepoint of the transaction that stores the
verdict (one commit per grading), so a listener that fails is rolled back alone and never
costs a learner their verdict (it is logged; the learner model can be rebuilt from the
stored submissions). Listeners are called explicitly, in order.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from pyroad.learning import mastery, review

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
