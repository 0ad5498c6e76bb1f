"""Learner and teacher accounts, and the tokens that authenticate them."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pyroad.db import Base, UTCDateTime, str_enum, utcnow


class Role(enum.StrEnum):
    """Global roles, least to most privileged. Mentors and teachers act inside their cohorts
    (pyroad.teaching.access); authors edit the curriculum; admins may do everything."""

    LEARNER = "learner"
    MENTOR = "mentor"
    TEACHER = "teacher"
    AUTHOR = "author"
    ADMIN = "admin"


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(str_enum(Role), default=Role.LEARNER)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Bumped with every change to what the learner's own views show (learning/versions.py).
    progress_version: Mapped[int] = mapped_column(default=0, server_default="0")

    tokens: Mapped[list[AuthToken]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )


class TokenKind(enum.StrEnum):
    SESSION = "session"  # browser cookie
    API = "api"  # bearer token for the CLI and other clients
    RESET = "reset"  # one-time password-reset link (an hour, single use)


class AuthToken(Base):
    """An opaque token; only its SHA-256 is stored, so a database leak reveals no session."""

    __tablename__ = "auth_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[TokenKind] = mapped_column(str_enum(TokenKind))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked: Mapped[bool] = mapped_column(default=False)

    user: Mapped[User] = relationship(back_populates="tokens")
