"""What learners asked the tutor and what it answered (their history, and the rate's evidence)."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pyroad.db import Base, UTCDateTime, str_enum, utcnow


class AnswerSource(enum.StrEnum):
    """Who wrote the answer shown: the offline tutor, or the model after its check passed."""

    OFFLINE = "offline"
    LLM = "llm"


class TutorQuestion(Base):
    """One question of one learner and the answer shown; only its asker reads it."""

    __tablename__ = "tutor_questions"
    __table_args__ = (Index("ix_tutor_questions_user_created", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    exercise_slug: Mapped[str | None] = mapped_column(String(100))
    # The submission asked about ("why does this fail?"); kept even if it is later deleted.
    submission_id: Mapped[int | None]
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    source: Mapped[AnswerSource] = mapped_column(str_enum(AnswerSource))
    # Why the model's answer was not shown (time-out, refused by the check), "" otherwise.
    fallback: Mapped[str] = mapped_column(String(200), default="")
    # The linked lesson sections, the failing test and the hint suggested (the answer's facts).
    facts: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
