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

from pydantic import Field, PrivateAttr, SecretStr, model_validator
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
        "PostgreSQL: postgresql+psycopg://user@host:5432/db; "
        "MySQL/MariaDB: mysql+pymysql://user:password@host:3306/db?charset=utf8mb4",
    )
    db_pool_size: int = Field(
        0,
        ge=0,
        description="Database connections per process; 0 means 40 (the web threadpool) "
        "+ PYROAD_WORKERS + 10, at most 20 (N processes × this must fit the database's "
        "max_connections).",
    )
    db_pool_timeout_s: float = Field(
        5.0,
        gt=0,
        description="How long a request waits for a free database connection before "
        "the API answers 503 with Retry-After.",
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
    web_processes: int = Field(
        1,
        ge=1,
        description="Web processes serving this database (set by `pyroad serve --workers N`); "
        "above 1, start-up no longer takes back submissions left running.",
    )
    embedded_worker: bool = Field(
        True,
        description="`pyroad serve` grades too (embedded default): in a grading process of "
        "its own on the in-process broker, else on its threads.",
    )
    grading_process: bool = Field(
        True,
        description="With the embedded worker on the in-process broker: grade in a child "
        "process of the server (its own interpreter, so grading and requests do not share "
        "one core); false grades on the server process's own threads.",
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
    runs_per_minute: int = Field(
        30, ge=1, description="Runs (Run button, request console) one learner may start a minute."
    )
    runs_at_once: int = Field(2, ge=1, description="Runs one learner may have going at once.")
    submissions_per_minute: int = Field(
        30, ge=1, description="Submissions one learner may make a minute (429 beyond)."
    )
    rate_limit_url: str = Field(
        "",
        description="Shared store for rate limits and log-in throttling (redis://…, via the "
        "`limits` library); empty means the Redis broker's URL when PYROAD_BROKER=redis, "
        "else in-memory counters per process.",
    )
    queue_limit: int = Field(
        6000,
        ge=1,
        description="Submissions waiting to be graded beyond which new ones get 429 with "
        "Retry-After and are not stored (back-pressure). The default is about 30 s of "
        "grading at ~200 gradings/s (2 cores); scale it to your graders.",
    )
    session_days: int = Field(14, description="How long a login lasts.")
    stuck_after_s: int = Field(
        120, description="A submission queued or running longer is re-queued."
    )
    cookie_secure: bool = Field(False, description="Mark the session cookie Secure (behind HTTPS).")
    argon2_fast: bool = Field(False, description="Cheap argon2 parameters; tests only.")
    server_url: str = Field("http://127.0.0.1:8000", description="Where the learner CLI connects.")
    public_url: str = Field(
        "",
        description="The address learners use (https://pyroad.example.org), for links in "
        "e-mails and `pyroad admin reset-password`; empty means the address of each request.",
    )
    smtp_host: str = Field(
        "", description="SMTP server for password-reset e-mails; empty means no e-mail."
    )
    smtp_port: int = Field(587, ge=1, le=65535, description="SMTP port (465 means implicit TLS).")
    smtp_user: str = Field("", description="SMTP login; empty means no authentication.")
    smtp_password: SecretStr = Field(SecretStr(""), description="SMTP password.")
    smtp_from: str = Field(
        "", description="Sender address of pyroad's e-mails; empty means the SMTP login."
    )
    smtp_starttls: bool = Field(
        True, description="Upgrade the SMTP connection with STARTTLS before logging in."
    )
    log_format: Literal["auto", "json", "console"] = Field(
        "auto",
        description="Log lines: json (one object a line) or console (readable); auto means "
        "json in production, console otherwise.",
    )
    metrics: bool = Field(
        True,
        description="Serve Prometheus metrics at /metrics (unauthenticated: keep it off the "
        "public side of the reverse proxy, or set false).",
    )
    worker_metrics: str = Field(
        "",
        description="Where `pyroad worker` serves its Prometheus metrics, host:port "
        "(e.g. 0.0.0.0:9100); empty means not served.",
    )
    tutor_url: str = Field(
        "",
        description="OpenAI-compatible endpoint for the tutor's optional model "
        "(e.g. http://127.0.0.1:11434/v1); empty means the offline tutor only.",
    )
    tutor_model: str = Field("", description="The model name sent to PYROAD_TUTOR_URL.")
    tutor_key: SecretStr = Field(SecretStr(""), description="Bearer key for PYROAD_TUTOR_URL.")
    tutor_timeout_s: float = Field(
        10.0, gt=0, le=60, description="How long the tutor waits for the model (then offline)."
    )
    tutor_questions_per_minute: int = Field(
        10, ge=1, description="Questions one learner may ask the tutor a minute (429 beyond)."
    )
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
        if self.environment == "production" and self.smtp_host and not self.public_url:
            # Otherwise reset links would follow the request's Host header, which the
            # requester chooses: a forged Host would mail the victim a link to another site.
            raise ValueError("production with PYROAD_SMTP_HOST needs PYROAD_PUBLIC_URL")
        return self

    @property
    def sends_mail(self) -> bool:
        return bool(self.smtp_host)

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
