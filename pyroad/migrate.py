"""Apply Alembic migrations programmatically (at start-up and in tests)."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, text

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
MIGRATION_LOCK = 7_202_611  # any constant shared by every pyroad process
MYSQL_LOCK_WAIT_S = 300  # GET_LOCK is a session lock with a timeout, not a transaction's


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine) -> None:
    """Bring the schema to the latest revision, in one transaction where the backend allows
    (MySQL/MariaDB commit each DDL statement: there a failed migration stays half done)."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with _sqlite_file_lock(engine), engine.begin() as connection:
        # Web and worker processes start together: one migrates, the others wait.
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        mysql = connection.dialect.name in ("mysql", "mariadb")
        if mysql:
            got = connection.execute(
                text("SELECT GET_LOCK(:name, :wait)"),
                {"name": f"pyroad-migrate-{MIGRATION_LOCK}", "wait": MYSQL_LOCK_WAIT_S},
            ).scalar()
            if got != 1:
                raise RuntimeError("another pyroad process has been migrating for too long")
        try:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        finally:
            if mysql:
                name = f"pyroad-migrate-{MIGRATION_LOCK}"
                connection.execute(text("SELECT RELEASE_LOCK(:name)"), {"name": name})


@contextmanager
def _sqlite_file_lock(engine: Engine) -> Iterator[None]:
    """SQLite has no advisory lock: processes starting together on one database file
    (``pyroad serve --workers N``) take turns on a lock file beside it, so one migrates
    and the others then find the schema current (they raced to "table already exists")."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or database in (None, "", ":memory:"):
        yield
        return
    lock_path = Path(f"{database}.migrate-lock")
    if not lock_path.parent.is_dir():  # SQLite says so itself ("unable to open database file")
        yield
        return
    with lock_path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        yield
