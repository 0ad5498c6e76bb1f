"""Spaced review's tables: one FSRS card per learner and concept, and every rating it got."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Double, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pyroad.db import Base, UTCDateTime, str_enum, utcnow


class CardState(enum.StrEnum):
    """FSRS's card states (``fsrs.State``), stored by name rather than number."""

    LEARNING = "learning"
    REVIEW = "review"
    RELEARNING = "relearning"


class ReviewRating(enum.StrEnum):
    """FSRS's ratings (``fsrs.Rating``); pyroad gives again, hard and good, never easy."""

    AGAIN = "again"
    HARD = "hard"
    GOOD = "good"
    EASY = "easy"


class ReviewKind(enum.StrEnum):
    LEARNED = "learned"  # the pass that created the card (its first FSRS review)
    REVIEW = "review"  # a graded attempt while the card was due


class ReviewCard(Base):
    """When a concept the learner passed comes back, and FSRS's memory state for it."""

    __tablename__ = "review_cards"
    __table_args__ = (Index("ix_review_cards_user_due", "user_id", "due"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    concept: Mapped[str] = mapped_column(String(100), primary_key=True)
    state: Mapped[CardState] = mapped_column(str_enum(CardState), default=CardState.LEARNING)
    step: Mapped[int | None]
    stability: Mapped[float | None] = mapped_column(Double)
    difficulty: Mapped[float | None] = mapped_column(Double)
    due: Mapped[datetime] = mapped_column(UTCDateTime)
    last_review: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reps: Mapped[int] = mapped_column(default=0)  # ratings so far, the first pass included
    lapses: Mapped[int] = mapped_column(default=0)  # "again" ratings after the first pass
    source_exercise: Mapped[str] = mapped_column(String(100))  # the pass that created it
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReviewLog(Base):
    """One rating of one card by one graded submission (FSRS's review log, kept for tuning)."""

    __tablename__ = "review_logs"
    __table_args__ = (
        # A verdict rates a concept once, even if the listener runs twice for a submission.
        UniqueConstraint("submission_id", "concept", name="uq_review_logs_submission_concept"),
        Index("ix_review_logs_user_reviewed", "user_id", "reviewed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    concept: Mapped[str] = mapped_column(String(100))
    exercise_slug: Mapped[str] = mapped_column(String(100))
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"))
    kind: Mapped[ReviewKind] = mapped_column(str_enum(ReviewKind))
    rating: Mapped[ReviewRating] = mapped_column(str_enum(ReviewRating))
    failures: Mapped[int] = mapped_column(default=0)  # failed attempts counted for the rating
    hints: Mapped[int] = mapped_column(default=0)  # hints revealed in the same window
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_before: Mapped[datetime | None] = mapped_column(UTCDateTime)  # None when learned
    due_after: Mapped[datetime] = mapped_column(UTCDateTime)
    stability: Mapped[float] = mapped_column(Double)  # after the rating
    difficulty: Mapped[float] = mapped_column(Double)
