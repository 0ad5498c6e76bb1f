"""Engine, sessions and the declarative base. SQLite by default; PostgreSQL or MySQL/MariaDB by URL.

Pool sizing: a request holds at most one pooled connection, taken in FastAPI's threadpool
(anyio's default of ``THREADPOOL_THREADS`` threads) and given back when its session closes;
each grading thread (two per sandbox slot) holds one, the sweeper and start-up one more:

    pool_size = min(THREADPOOL_THREADS + grading threads + POOL_SLACK, POOL_CAP)   (no overflow)

where ``POOL_SLACK`` covers the sweeper and requests between their last query and closing
their session on the event loop. ``POOL_CAP`` keeps the production shape inside a default
PostgreSQL's ``max_connections`` of 100 (2 web processes and 2 workers × 20 = 80): a pool
keeps the connections it opened, and at 52 per process a 500-learner burst on 2 web
processes and a worker ran PostgreSQL out of connections. Requests hold a connection only
for their queries, so 40 threads share 20 connections with short waits. Connections are
opened lazily, so an idle process holds few. ``PYROAD_DB_POOL_SIZE`` overrides the formula
(N processes × pool_size must fit the server's ``max_connections``). When every connection
is busy a request waits at most ``PYROAD_DB_POOL_TIMEOUT_S`` (not SQLAlchemy's 30 s) and
the API answers 503 with Retry-After (pyroad.web.errors), as it does when the database
connection is lost.
"""

from __future__ import annotations

import enum
import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, Self, cast

from sqlalchemy import (
    BindParameter,
    DateTime,
    Engine,
    Enum,
    MetaData,
    Table,
    bindparam,
    create_engine,
    event,
    make_url,
)
from sqlalchemy.dialects import mysql
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator, TypeEngine

MAX_ID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL: a larger one is unknown

THREADPOOL_THREADS = 40  # anyio's default thread limiter, which runs FastAPI's sync code
POOL_SLACK = 10
POOL_CAP = 20  # per process by default: see the module docstring
POOL_TIMEOUT_S = 5.0
CONNECT_TIMEOUT_S = 5  # a server that drops packets must not hold a request for minutes
# MySQL drops connections idle past wait_timeout (8 h by default, minutes on some managed
# servers and proxies): recycle before the usual 300 s idle cut; ping_when_idle does the rest.
MYSQL_POOL_RECYCLE_S = 280
MYSQL_DIALECTS = ("mysql", "mariadb")
# Strict mode (never silently truncate), UTC for anything the server computes.
MYSQL_INIT = (
    "SET SESSION sql_mode = CONCAT_WS(',', NULLIF(@@sql_mode, ''), 'STRICT_ALL_TABLES'),"
    " time_zone = '+00:00'"
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite and MySQL store them naive).

    MySQL's DATETIME keeps microseconds only when declared DATETIME(6); without them the
    order of events within a second (and the sweeper's deadlines) would blur.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Any) -> TypeEngine[Any]:
        if dialect.name in MYSQL_DIALECTS:
            return dialect.type_descriptor(mysql.DATETIME(fsp=6))  # type: ignore[no-any-return]
        return dialect.type_descriptor(self.impl)  # type: ignore[no-any-return]

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if dialect.name == "sqlite" or dialect.name in MYSQL_DIALECTS:
            return value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    def result_processor(self, dialect: Any, coltype: Any) -> Any:
        """On SQLite, the stored text parsed straight into an aware datetime.

        SQLite returns the text SQLAlchemy wrote ("2026-11-20 11:28:48.180417", UTC): with
        the offset appended, ``fromisoformat`` makes it aware in one step, several times
        cheaper than parsing it and then ``.replace(tzinfo=UTC)`` (~2 µs a value; a page of
        the teacher dashboard reads ~2,500). Any other text takes the general path.
        """
        general = super().result_processor(dialect, coltype)
        if dialect.name != "sqlite" or general is None:
            return general

        def process(value: Any) -> datetime | None:
            if value is None:
                return None
            try:
                parsed = datetime.fromisoformat(value + "+00:00")
            except (TypeError, ValueError):
                return general(value)
            # A date alone parses too, but naive (the offset is dropped).
            return parsed if parsed.tzinfo is not None else general(value)

        return process


def utcnow() -> datetime:
    return datetime.now(UTC)


def pool_size_for(workers: int) -> int:
    """The formula in the module docstring."""
    return min(THREADPOOL_THREADS + workers + POOL_SLACK, POOL_CAP)


def make_engine(
    url: str, *, pool_size: int | None = None, pool_timeout: float = POOL_TIMEOUT_S
) -> Engine:
    """An engine tuned for the backend: SQLite gets WAL, foreign keys and a busy timeout;
    MySQL/MariaDB utf8mb4, strict mode, READ COMMITTED and recycled connections."""
    pool: dict[str, Any] = {
        "pool_size": pool_size if pool_size is not None else pool_size_for(2),
        "max_overflow": 0,
        "pool_timeout": pool_timeout,
    }
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={
                "check_same_thread": False,
                "timeout": SQLITE_BUSY_TIMEOUT_S,
                "factory": GatedConnection,
            },
            **pool,
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection: Any, _record: Any) -> None:
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    if make_url(url).get_backend_name() in MYSQL_DIALECTS:
        # READ COMMITTED as on PostgreSQL: every statement sees the latest commits (a poll
        # never reads an old snapshot) and InnoDB takes no gap locks on the sweeper's range
        # updates. The queued → running claim is a conditional UPDATE, which InnoDB runs on
        # the latest row version under a row lock at any level: two workers never both win.
        engine = create_engine(
            url,
            pool_recycle=MYSQL_POOL_RECYCLE_S,
            isolation_level="READ COMMITTED",
            connect_args={
                "charset": "utf8mb4",
                "init_command": MYSQL_INIT,
                "connect_timeout": CONNECT_TIMEOUT_S,
            },
            **pool,
        )
        ping_when_idle(engine)
        return engine
    connect_args = {"connect_timeout": CONNECT_TIMEOUT_S} if url.startswith("postgresql") else {}
    engine = create_engine(url, connect_args=connect_args, **pool)
    ping_when_idle(engine)
    return engine


IDLE_PING_S = 5.0


def ping_when_idle(engine: Engine) -> None:
    """Check a pooled connection before use only if it sat idle ``IDLE_PING_S`` or longer.

    SQLAlchemy's ``pool_pre_ping`` pings on every checkout: a round trip per request, as
    much as the query of a cached read. A connection in steady use is known to work; one
    that waited may have been closed by the server, a proxy or a restart, so it is pinged,
    and a dead one is replaced before the request sees it. A connection that dies while hot
    fails its first statement: the API answers 503 + Retry-After (pyroad.web.errors) and
    SQLAlchemy replaces the pool's connections.
    """

    @event.listens_for(engine, "checkin")
    def _idle_from(_dbapi: Any, record: Any) -> None:
        record.info["pyroad_idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping(dbapi: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get("pyroad_idle_since")
        if since is None or time.monotonic() - since < IDLE_PING_S:
            return  # just opened, or in steady use
        try:
            cursor = dbapi.cursor()
            try:
                cursor.execute("SELECT 1")
            finally:
                cursor.close()
            dbapi.rollback()  # the ping must not leave a transaction open
        except Exception as error:
            raise DisconnectionError(f"an idle connection was closed: {error}") from error


SQLITE_BUSY_TIMEOUT_S = 30.0
_WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
# One writer at a time per process, for every SQLite database it opens.
_SQLITE_WRITER = threading.Lock()


class GatedConnection(sqlite3.Connection):
    """A SQLite connection whose writers queue on a Python lock, one at a time per process.

    SQLite lets one connection write at a time. A second writer waits in SQLite's busy
    handler, which sleeps 1, 2, 5, 10, … ms between tries however soon the lock frees; in a
    burst (grading threads recording verdicts while requests store submissions) those
    sleeps cost more than the writes. Here a connection takes the lock at its first
    INSERT/UPDATE/DELETE and gives it back when its transaction ends, so the next writer
    goes in the moment the previous commit is done. Reads never wait (WAL). Writers in
    other processes still meet SQLite's busy timeout.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.writing = False

    def cursor(self, factory: Any = None) -> sqlite3.Cursor:  # type: ignore[override]
        return super().cursor(factory or GatedCursor)

    def enter_write(self) -> None:
        if not self.writing:
            if not _SQLITE_WRITER.acquire(timeout=SQLITE_BUSY_TIMEOUT_S):
                raise sqlite3.OperationalError("database is locked (another writer held it)")
            self.writing = True

    def leave_write(self) -> None:
        if self.writing and not self.in_transaction:
            self.writing = False
            _SQLITE_WRITER.release()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self.leave_write()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.leave_write()

    def close(self) -> None:
        try:
            super().close()
        finally:
            if self.writing:
                self.writing = False
                _SQLITE_WRITER.release()


class GatedCursor(sqlite3.Cursor):
    """Takes its connection's write turn before a write statement (see GatedConnection)."""

    def _turn(self, sql: str) -> GatedConnection | None:
        connection = self.connection
        if isinstance(connection, GatedConnection) and _WRITE.match(sql) is not None:
            connection.enter_write()
            return connection
        return None

    def execute(self, sql: str, parameters: Any = (), /) -> Self:
        turn = self._turn(sql)
        try:
            return super().execute(sql, parameters)
        finally:
            if turn is not None:
                turn.leave_write()  # only if no transaction is open (autocommit)

    def executemany(self, sql: str, parameters: Any, /) -> Self:
        turn = self._turn(sql)
        try:
            return super().executemany(sql, parameters)
        finally:
            if turn is not None:
                turn.leave_write()


def bound(column: Any, name: str) -> BindParameter[Any]:
    """A named parameter typed as ``column``, for statements built once at import.

    A statement on a hot path (run per submission or per request) built afresh costs more
    in Python than the query: building it, then computing its cache key. Built once with
    parameters and executed with values, both are done once per process.
    """
    return bindparam(name, type_=column.type)


def table_of(model: type[Base]) -> Table:
    """A model's table, for Core statements (typed: ``__table__`` is declared a FromClause)."""
    return cast(Table, model.__table__)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    with factory() as session, session.begin():
        yield session


def str_enum(cls: type[enum.StrEnum]) -> Enum:
    """A portable enum column storing the members' values (a VARCHAR plus a CHECK)."""
    return Enum(
        cls,
        native_enum=False,
        length=16,
        values_callable=lambda members: [member.value for member in members],
        create_constraint=True,
    )
