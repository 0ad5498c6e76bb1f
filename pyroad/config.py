"""One typed settings object, fed by ``PYROAD_*`` environment variables.

Nothing else in pyroad reads ``os.environ``. Every setting has a default that works on a
fresh machine (the "embedded defaults") and a description shown in the README.
"""

from __future__ import annotations

import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, PrivateAttr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PYROAD_", extra="ignore")

    environment: Literal["development", "production", "test"] = Field(
        "development", description="production refuses a missing secret key."
    )
    data_dir: Path = Field(
        PROJECT_ROOT / "data",
        description="Where the SQLite database and the generated secret key live.",
    )
    database_url: str = Field(
        "",
        description="SQLAlchemy URL; empty means a SQLite file in the data directory. "
        "PostgreSQL: postgresql+psycopg://user@host:5432/db",
    )
    curriculum_dir: Path = Field(PROJECT_ROOT / "curriculum", description="The course content.")
    secret_key: str = Field(
        "", description="Signs session cookies; generated into the data dir if empty."
    )
    broker: Literal["memory", "redis", "rabbitmq"] = Field(
        "memory", description="Task queue broker: in-process (embedded) or a real server."
    )
    broker_url: str = Field("", description="Redis or AMQP URL when broker is redis or rabbitmq.")
    workers: int = Field(2, ge=1, le=64, description="Grading worker threads in this process.")
    embedded_worker: bool = Field(
        True, description="Run grading workers inside the server process (embedded default)."
    )
    sandbox: Literal["auto", "bwrap", "unsafe-subprocess"] = Field(
        "auto", description="Grading sandbox; unsafe-subprocess is for development only."
    )
    unsafe_dev_sandbox: bool = Field(
        False, description="Allow the unconfined subprocess grader. Never in production."
    )
    sandbox_allow_incomplete: bool = Field(
        False,
        description="Start grading slots even without a cgroup, seccomp or Landlock "
        "(development on hosts that lack them). Never in production.",
    )
    max_code_bytes: int = Field(65536, description="Largest accepted submission, in bytes.")
    session_days: int = Field(14, description="How long a login lasts.")
    stuck_after_s: int = Field(
        120, description="A submission queued or running longer is re-queued."
    )
    cookie_secure: bool = Field(False, description="Mark the session cookie Secure (behind HTTPS).")
    argon2_fast: bool = Field(False, description="Cheap argon2 parameters; tests only.")
    server_url: str = Field("http://127.0.0.1:8000", description="Where the learner CLI connects.")
    credentials_file: Path = Field(
        Path.home() / ".config" / "pyroad" / "credentials.json",
        description="Where the learner CLI keeps its token.",
    )

    _generated_key: str | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        unsafe = (
            self.unsafe_dev_sandbox
            or self.argon2_fast
            or self.sandbox_allow_incomplete
            or not self.secret_key
        )
        if self.environment == "production" and unsafe:
            raise ValueError(
                "production needs PYROAD_SECRET_KEY and must not set PYROAD_UNSAFE_DEV_SANDBOX, "
                "PYROAD_SANDBOX_ALLOW_INCOMPLETE or PYROAD_ARGON2_FAST"
            )
        return self

    @property
    def sqlalchemy_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'pyroad.sqlite3'}"

    def resolved_secret_key(self) -> str:
        """The configured key, or one generated once and kept in the data directory."""
        if self.secret_key:
            return self.secret_key
        if self._generated_key is None:
            self._generated_key = _load_or_create_key(self.data_dir / "secret_key")
        return self._generated_key


def _load_or_create_key(path: Path) -> str:
    """Create the key file exclusively with mode 0600 (never briefly world-readable); if
    another process won that race, use its key, so all processes sign alike."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


@lru_cache
def get_settings() -> Settings:
    return Settings()
