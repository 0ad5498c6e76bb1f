"""Per (learner, exercise): their submissions summed up, recounted with every change.

The teacher's reports show, per learner and exercise, the attempts, failures, first pass,
latest submission and best verdict. Grouping a cohort's submissions for them on every
request cost ~40 ms of SQLite CPU on 500 learners with 70,000 submissions (bench/pages.py);
``exercise_progress`` holds the same numbers already grouped, and indexed for the
questions the dashboard asks (who solved what, who is stuck, who was last active when).

Exact, never stale: a row changes only when one of its submissions does, at two moments,
each in the transaction that makes the change (``services.create`` stores one,
``services.finish`` records its verdict, the sweeper's give-up included), and :func:`record`
then recounts the pair from its submissions rather than adding to the row. So a row is
always what grouping the pair's submissions would say as of the last commit.
"""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import (
    Connection,
    Integer,
    String,
    bindparam,
    case,
    delete,
    func,
    insert,
    literal,
    select,
)
from sqlalchemy.dialects import mysql, postgresql, sqlite
from sqlalchemy.orm import Session

from pyroad.submissions.models import ExerciseProgress, Submission

# Verdicts that count as a failed attempt; "internal" is our failure, never the learner's.
FAILING_VERDICTS = ("failed", "error", "timeout", "memory", "output-limit")
# Best first: the "best verdict" is the lowest rank a learner reached.
VERDICT_RANK = {
    "passed": 0,
    "failed": 1,
    "error": 2,
    "timeout": 3,
    "memory": 4,
    "output-limit": 5,
    "internal": 6,
}
COLUMNS = [
    "user_id",
    "exercise_slug",
    "attempts",
    "failed",
    "solved_at",
    "last_at",
    "last_graded_at",
    "best",
]


def summed() -> list[Any]:
    """The row's numbers as aggregates over submissions (the recount and the rebuild share
    this definition; migration 0012's backfill keeps a frozen copy of it)."""
    verdict, at = Submission.verdict, Submission.created_at
    rank = case(*((verdict == name, literal(n)) for name, n in VERDICT_RANK.items()), else_=None)
    return [
        func.count().label("attempts"),
        func.coalesce(func.sum(case((verdict.in_(FAILING_VERDICTS), 1), else_=0)), 0).label(
            "failed"
        ),
        func.min(case((verdict == "passed", at), else_=None)).label("solved_at"),
        func.max(at).label("last_at"),
        func.max(case((verdict.is_not(None), at), else_=None)).label("last_graded_at"),
        case({n: literal(name) for name, n in VERDICT_RANK.items()}, value=func.min(rank)).label(
            "best"
        ),
    ]


def record(session: Session, user_id: int, slug: str) -> None:
    """Recount the learner's row for this exercise from its submissions.

    Call in the transaction that stores or grades one of them, after
    ``versions.bump(session, user_id)``: the bump's lock on the learner's row makes
    concurrent changes of one learner take turns, so each recount (a new statement, at
    READ COMMITTED) sees those committed before it and the last one to commit is right.

    One statement (INSERT … SELECT … upsert), built once per backend: it runs twice per
    submission while SQLite's one writer waits, and building the aggregate afresh cost
    more than running it (bench/load.py).
    """
    connection = session.connection()
    changed = connection.execute(_recount(connection.dialect.name), {"u": user_id, "s": slug})
    if changed.rowcount == 0:  # no submission left to sum up (MySQL: FOUND_ROWS counts)
        connection.execute(
            delete(ExerciseProgress).where(
                ExerciseProgress.user_id == user_id, ExerciseProgress.exercise_slug == slug
            )
        )


@functools.cache
def _recount(dialect: str) -> Any:
    """The pair's row recounted from its submissions, inserted or updated in place."""
    user_id, slug = bindparam("u", type_=Integer), bindparam("s", type_=String)
    grouped = (
        select(user_id.label("user_id"), slug.label("exercise_slug"), *summed())
        .where(Submission.user_id == user_id, Submission.exercise_slug == slug)
        .group_by(Submission.user_id, Submission.exercise_slug)
    )
    changed = COLUMNS[2:]
    if dialect in ("mysql", "mariadb"):
        row = mysql.insert(ExerciseProgress).from_select(COLUMNS, grouped)
        return row.on_duplicate_key_update({name: row.inserted[name] for name in changed})
    backend = postgresql if dialect == "postgresql" else sqlite
    made = backend.insert(ExerciseProgress).from_select(COLUMNS, grouped)
    return made.on_conflict_do_update(
        index_elements=["user_id", "exercise_slug"],
        set_={name: made.excluded[name] for name in changed},
    )


def rebuild(connection: Connection, user_ids: list[int] | None = None) -> None:
    """Recount every row (or these learners' rows) in two statements: for submissions
    written without going through ``services`` (the benchmark's seeded class)."""
    gone = delete(ExerciseProgress)
    grouped = select(Submission.user_id, Submission.exercise_slug, *summed())
    if user_ids is not None:
        gone = gone.where(ExerciseProgress.user_id.in_(user_ids))
        grouped = grouped.where(Submission.user_id.in_(user_ids))
    connection.execute(gone)
    connection.execute(
        insert(ExerciseProgress).from_select(
            COLUMNS, grouped.group_by(Submission.user_id, Submission.exercise_slug)
        )
    )
