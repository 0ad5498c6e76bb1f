"""Submissions: stored before grading, graded idempotently, never lost."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pyroad.db import Base, UTCDateTime, str_enum, table_of, utcnow


class SubmissionStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"


class Submission(Base):
    __tablename__ = "submissions"
    __table_args__ = (
        Index("ix_submissions_user_exercise", "user_id", "exercise_slug"),
        Index("ix_submissions_status_updated", "status", "updated_at"),
        # Covers progress queries: learner states, the teacher dashboard (migration 0011).
        Index("ix_submissions_progress", "user_id", "exercise_slug", "verdict", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    exercise_slug: Mapped[str] = mapped_column(String(100))
    code: Mapped[str] = mapped_column(Text)
    status: Mapped[SubmissionStatus] = mapped_column(
        str_enum(SubmissionStatus), default=SubmissionStatus.QUEUED
    )
    verdict: Mapped[str | None] = mapped_column(String(16))
    summary: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    attempts: Mapped[int] = mapped_column(default=0)
    # Picks the randomised probes' cases, so a run can be replayed exactly (None: use the id).
    seed: Mapped[int | None]
    # The authored exercise's version graded against (None: the shipped course).
    exercise_version: Mapped[int | None]
    duration_ms: Mapped[float | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


SUBMISSIONS = table_of(Submission)  # for the hot paths' Core statements


class ExerciseProgress(Base):
    """One learner's submissions on one exercise, summed up (migration 0012).

    Recounted by :func:`pyroad.submissions.progress.record` in the transaction that stores
    a submission and in the one that grades it, so the teacher's reports read one row per
    (learner, exercise) instead of grouping every submission, and never a stale one.
    """

    __tablename__ = "exercise_progress"
    __table_args__ = (
        # Solvers of an exercise (the dashboard's summary); the primary key rides along.
        Index("ix_exercise_progress_solved", "exercise_slug", "solved_at"),
        # A learner's unsolved exercises with what the stuck rules ask (covering).
        Index("ix_exercise_progress_open", "user_id", "solved_at", "failed", "last_graded_at"),
        # A learner's latest submission: one index step per learner.
        Index("ix_exercise_progress_last", "user_id", "last_at"),
        # Clustered by learner on SQLite (as InnoDB does by primary key): a learner's rows
        # are read as one range, without a lookup per row.
        {"sqlite_with_rowid": False},
    )

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    exercise_slug: Mapped[str] = mapped_column(String(100), primary_key=True)
    attempts: Mapped[int]  # submissions, graded or not
    failed: Mapped[int]  # … whose verdict is a failure (progress.FAILING_VERDICTS)
    solved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # first passing one's time
    last_at: Mapped[datetime] = mapped_column(UTCDateTime)  # the latest submission's time
    last_graded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # … of those graded
    best: Mapped[str | None] = mapped_column(String(16))  # best verdict (progress.VERDICT_RANK)
