"""Mentoring records: line comments on submissions and learners' requests for help."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pyroad.db import Base, UTCDateTime, str_enum, utcnow


class Comment(Base):
    """A mentor's or teacher's comment on one line of a submission (or on all of it).

    ``learner_id`` repeats the submission's owner so the learner's unread count is one
    indexed look-up; ``shape`` is set when the comment went to a group of same-shaped
    solutions (pyroad.teaching.shapes), so the group's comments can be found together.
    """

    __tablename__ = "submission_comments"
    __table_args__ = (Index("ix_submission_comments_learner_read", "learner_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), index=True
    )
    learner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    line: Mapped[int | None]
    body: Mapped[str] = mapped_column(Text)  # the Markdown as written
    body_html: Mapped[str] = mapped_column(Text)  # rendered and sanitised once, on writing
    shape: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class HelpStatus(enum.StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"  # a mentor or teacher answered or marked it done
    WITHDRAWN = "withdrawn"  # the learner no longer needs it


class HelpRequest(Base):
    """A learner's "Ask for help" on an exercise; open ones make the mentor queue.

    No cohort column: a learner asks for help, not a class; every cohort the learner is in
    sees the request in its queue.
    """

    __tablename__ = "help_requests"
    __table_args__ = (
        Index("ix_help_requests_user_status", "user_id", "status"),
        Index("ix_help_requests_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    exercise_slug: Mapped[str] = mapped_column(String(100))
    submission_id: Mapped[int | None] = mapped_column(
        ForeignKey("submissions.id", ondelete="SET NULL")
    )
    message: Mapped[str] = mapped_column(Text)
    status: Mapped[HelpStatus] = mapped_column(str_enum(HelpStatus), default=HelpStatus.OPEN)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
