"""Authors' drafts and published exercise versions.

A draft is private to its author and never reaches the catalog. Publishing appends an
``ExerciseVersion``: the exercise's files as they passed the gate. The (slug, version)
unique key is what makes two authors publishing at once safe: the second insert fails and
that author is told, with their draft untouched.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pyroad.db import Base, UTCDateTime, utcnow


class ExerciseDraft(Base):
    __tablename__ = "exercise_drafts"
    __table_args__ = (Index("ix_exercise_drafts_author", "author_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # The published exercise this draft edits (None: a new exercise) and the version it
    # started from: publishing checks that version is still the latest.
    source_slug: Mapped[str | None] = mapped_column(String(100))
    base_version: Mapped[int | None]
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ExerciseVersion(Base):
    __tablename__ = "exercise_versions"
    __table_args__ = (
        UniqueConstraint("slug", "version", name="uq_exercise_versions_slug_version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100))
    version: Mapped[int]
    step: Mapped[int]
    # Relative path -> text, as checked (expected.json and mutation.json included).
    # None withdraws the exercise (its slug was renamed before anyone used it).
    files: Mapped[dict[str, str] | None] = mapped_column(JSON)
    commit: Mapped[str | None] = mapped_column(String(40))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    message: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
