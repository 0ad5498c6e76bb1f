"""What a learner does besides submitting: drafts, hints used and lessons read."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pyroad.db import Base, UTCDateTime, utcnow


class Draft(Base):
    """The learner's latest editor content for an exercise (follows them across devices)."""

    __tablename__ = "drafts"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    exercise_slug: Mapped[str] = mapped_column(String(100), primary_key=True)
    code: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class HintUse(Base):
    """How many hints of an exercise a learner has revealed."""

    __tablename__ = "hint_uses"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    exercise_slug: Mapped[str] = mapped_column(String(100), primary_key=True)
    revealed: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LessonRead(Base):
    """A lesson a learner has opened (the path counts it as read; the first time is kept)."""

    __tablename__ = "lesson_reads"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    lesson_slug: Mapped[str] = mapped_column(String(100), primary_key=True)
    read_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
