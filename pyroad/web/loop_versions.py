"""Learners' progress versions read on the event loop, for cached reads that never leave it.

A cached roadmap or exercise page (``web.read_cache``) needs one fact from the database: the
learner's ``progress_version`` (``learning.versions``). Handing the request to the threadpool
for that one primary-key read costs more than the read, so when the token cache holds the
learner's token the read is made here, on the loop:

- SQLite (embedded): its own query-only connection to the file, with a short busy timeout;
- PostgreSQL (production): its own asynchronous psycopg connection in autocommit (reads
  committed data per statement, as ``versions.current`` does), with a prepared statement.

Whenever one cannot answer at once (SQLite busy, the server gone, slow or restarting) it
raises :class:`Unavailable` and the request takes the threadpool path, which answers with
the full error handling (503 + Retry-After). After a PostgreSQL failure the loop path rests
``REST_S`` before reconnecting, so an outage costs no connection attempt per request.
Other databases (MySQL/MariaDB) have no loop reader: the threadpool path serves them.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import time
from typing import Protocol

import psycopg
from psycopg.rows import TupleRow
from sqlalchemy.engine import URL

from pyroad.learning import versions

_SELECT_QMARK = versions.statement("qmark")  # sqlite3
_SELECT_FORMAT = versions.statement("format")  # psycopg


class Unavailable(Exception):
    """The loop cannot say now; take the threadpool path."""


class LoopVersions(Protocol):
    async def current(self, user_id: int) -> int | None:
        """The version (None: no such account); raises :class:`Unavailable`."""
        ...

    async def aclose(self) -> None: ...


def for_database(url: URL) -> LoopVersions | None:
    """The loop reader for this database, or None when requests must use the threadpool."""
    backend = url.get_backend_name()
    if backend == "sqlite":
        if url.database in (None, "", ":memory:"):
            return None
        return SqliteVersions(url.database)
    if backend == "postgresql":
        return PostgresVersions(url)
    return None


class SqliteVersions:
    """Embedded mode: a primary-key read from a local file costs tens of microseconds.

    The connection is its own, used only by the loop's thread, query-only, with a short busy
    timeout: when SQLite is busy the read raises and the request does not stall the loop.
    """

    BUSY_S = 0.02

    def __init__(self, path: str) -> None:
        self.path = path
        self._connection: sqlite3.Connection | None = None

    async def current(self, user_id: int) -> int | None:
        try:
            if self._connection is None:
                connection = sqlite3.connect(
                    self.path, timeout=self.BUSY_S, check_same_thread=False
                )
                connection.execute("PRAGMA query_only = ON")
                self._connection = connection
            row = self._connection.execute(_SELECT_QMARK, (user_id,)).fetchone()
        except sqlite3.Error as error:
            raise Unavailable(str(error)) from error
        return None if row is None else int(row[0])

    async def aclose(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


class PostgresVersions:
    """Production mode: one asynchronous connection per web process, made on first use.

    Concurrent requests share it (psycopg runs their queries one after another; a
    primary-key read takes tens of microseconds on the server). A read that takes longer than
    ``TIMEOUT_S`` gives up, so a stalled server never holds a request on the loop longer.
    """

    TIMEOUT_S = 0.5
    REST_S = 1.0

    def __init__(self, url: URL) -> None:
        self._conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._connection: psycopg.AsyncConnection[TupleRow] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._connecting: asyncio.Lock | None = None
        self._resting_until = 0.0

    async def current(self, user_id: int) -> int | None:
        if time.monotonic() < self._resting_until:
            raise Unavailable("resting after a failure")
        try:
            async with asyncio.timeout(self.TIMEOUT_S):
                connection = await self._connected()
                cursor = await connection.execute(_SELECT_FORMAT, (user_id,), prepare=True)
                row = await cursor.fetchone()
        except (psycopg.Error, OSError, TimeoutError) as error:
            self._resting_until = time.monotonic() + self.REST_S
            await self._drop()
            raise Unavailable(str(error) or type(error).__name__) from error
        return None if row is None else int(row[0])

    async def _connected(self) -> psycopg.AsyncConnection[TupleRow]:
        loop = asyncio.get_running_loop()
        if self._loop is not loop:  # a new loop (a restarted app): start afresh on it
            self._connection, self._loop, self._connecting = None, loop, asyncio.Lock()
        if self._connection is not None and not self._connection.closed:
            return self._connection
        assert self._connecting is not None
        async with self._connecting:  # requests arriving together make one connection
            if self._connection is None or self._connection.closed:
                self._connection = await psycopg.AsyncConnection.connect(
                    self._conninfo, autocommit=True, connect_timeout=2
                )
            return self._connection

    async def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(psycopg.Error, OSError):  # broken: nothing to close
                await connection.close()

    async def aclose(self) -> None:
        await self._drop()
