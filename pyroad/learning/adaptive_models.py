"""What the adaptive path stores: the evidence each verdict gives, and placement checks.

Mastery itself is not stored: it is recomputed from the evidence and the loaded catalog
(concept tags may change when the course is edited; the evidence does not).
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from pyroad.db import Base, UTCDateTime, str_enum, utcnow


class Evidence(Base):
    """One graded attempt as the learner model reads it (one row per submission)."""

    __tablename__ = "mastery_evidence"
    __table_args__ = (Index("ix_mastery_evidence_user_created", "user_id", "created_at"),)

    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    exercise_slug: Mapped[str] = mapped_column(String(100))
    passed: Mapped[bool]
    passed_tests: Mapped[int]
    total_tests: Mapped[int]
    failed_tests: Mapped[list[str]] = mapped_column(JSON)  # names, at most MAX_FAILED_KEPT
    hints: Mapped[int]  # hints revealed on that exercise when it was graded
    seconds: Mapped[int | None]  # working time before submitting (None: not known)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)  # when it was submitted


class PlacementOutcome(enum.StrEnum):
    PASSED = "passed"
    FAILED = "failed"


class Placement(Base):
    """A learner's placement check: started, and finished once its result is recorded."""

    __tablename__ = "placements"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PlacementStep(Base):
    """The recorded result of one step of a finished placement check."""

    __tablename__ = "placement_steps"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    step: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    outcome: Mapped[PlacementOutcome] = mapped_column(str_enum(PlacementOutcome))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
