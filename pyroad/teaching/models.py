"""Cohorts, who is in them (and as what), invite codes and assignments."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from pyroad.db import Base, UTCDateTime, str_enum, utcnow


class CohortRole(enum.StrEnum):
    """What a member does in one cohort (independent of the account's global role)."""

    LEARNER = "learner"
    MENTOR = "mentor"
    TEACHER = "teacher"


class InviteRole(enum.StrEnum):
    """Who an invite admits: teachers are added by a teacher, never by a shared code."""

    LEARNER = "learner"
    MENTOR = "mentor"


class Cohort(Base):
    """A class: learners plus the teachers and mentors who follow them."""

    __tablename__ = "cohorts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class CohortMember(Base):
    """One person in one cohort; a learner may be in several cohorts."""

    __tablename__ = "cohort_members"
    __table_args__ = (Index("ix_cohort_members_user_id", "user_id"),)

    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[CohortRole] = mapped_column(str_enum(CohortRole))
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Invite(Base):
    """A join code. Only its SHA-256 is stored: the code is shown once, at creation."""

    __tablename__ = "invites"
    __table_args__ = (Index("ix_invites_cohort_id", "cohort_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"))
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[InviteRole] = mapped_column(str_enum(InviteRole), default=InviteRole.LEARNER)
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    uses: Mapped[int] = mapped_column(Integer, default=0)
    max_uses: Mapped[int | None] = mapped_column(Integer, nullable=True)


class Assignment(Base):
    """Work set for a cohort: one exercise or a whole step (exactly one), maybe with a due date.

    Late submissions are accepted and marked; the due date never blocks a learner.
    """

    __tablename__ = "assignments"
    __table_args__ = (
        CheckConstraint("(exercise_slug IS NULL) <> (step IS NULL)", name="exercise_xor_step"),
        Index("ix_assignments_cohort_id", "cohort_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"))
    exercise_slug: Mapped[str | None] = mapped_column(String(100), nullable=True)
    step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
