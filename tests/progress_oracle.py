"""The teacher's numbers computed straight from the submissions, in plain Python.

The oracle that ``exercise_progress`` (and the reports read from it) must agree with: what
grouping every submission of a learner and exercise says, with none of the code under test.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from pyroad.submissions.models import ExerciseProgress, Submission

FAILING = {"failed", "error", "timeout", "memory", "output-limit"}
BEST_FIRST = ["passed", "failed", "error", "timeout", "memory", "output-limit", "internal"]


@dataclass(frozen=True)
class Pair:
    """One learner on one exercise."""

    attempts: int  # submissions, graded or not
    failed: int  # graded as a failure ("internal" is not one)
    solved_at: datetime | None  # the first passing submission's time
    last_at: datetime  # the latest submission's time
    last_graded_at: datetime | None  # the latest graded submission's time
    best: str | None  # the best verdict reached


def summed(rows: list[tuple[str | None, datetime]]) -> Pair:
    graded = [at for verdict, at in rows if verdict is not None]
    passes = [at for verdict, at in rows if verdict == "passed"]
    ranks = [BEST_FIRST.index(verdict) for verdict, _ in rows if verdict in BEST_FIRST]
    return Pair(
        attempts=len(rows),
        failed=sum(1 for verdict, _ in rows if verdict in FAILING),
        solved_at=min(passes, default=None),
        last_at=max(at for _, at in rows),
        last_graded_at=max(graded, default=None),
        best=BEST_FIRST[min(ranks)] if ranks else None,
    )


def pairs(session: Session, user_ids: list[int]) -> dict[tuple[int, str], Pair]:
    """Per (learner, exercise) of these learners, from their submissions."""
    found: dict[tuple[int, str], list[tuple[str | None, datetime]]] = defaultdict(list)
    rows = session.execute(
        select(
            Submission.user_id, Submission.exercise_slug, Submission.verdict, Submission.created_at
        ).where(Submission.user_id.in_(user_ids))
    )
    for user_id, slug, verdict, at in rows:
        found[user_id, slug].append((verdict, at))
    return {key: summed(rows) for key, rows in found.items()}


def stored(session: Session, user_ids: list[int]) -> dict[tuple[int, str], Pair]:
    """Per (learner, exercise) of these learners, as ``exercise_progress`` holds it."""
    rows = session.scalars(select(ExerciseProgress).where(ExerciseProgress.user_id.in_(user_ids)))
    return {
        (row.user_id, row.exercise_slug): Pair(
            row.attempts, row.failed, row.solved_at, row.last_at, row.last_graded_at, row.best
        )
        for row in rows
    }
