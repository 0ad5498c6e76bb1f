"""Learners' progress versions read on the event loop, for cached reads that never leave it.

A cached roadmap or exercise page (``web.read_cache``) needs one fact from the database: the
learner's ``progress_version`` (``learning.versions``). Handing the request to the threadpool
for that one primary-key read costs more than the read, so when the token cache holds the
learner's token the read is made here, on the loop:

- SQLite (embedded): its own query-only connection to the file, with a short busy timeout;
- PostgreSQL (production): its own asynchronous psycopg connection in autocommit (reads
  committed data per statement, as ``versions.current`` does), with a prepared statement
  that reads, in one round trip, for every request that arrived since the last one.

Whenever one cannot answer at once (SQLite busy, the server gone, slow or restarting) it
raises :class:`Unavailable` and the request takes the threadpool path, which answers with
the full error handling (503 + Retry-After). After a PostgreSQL failure the loop path rests
``REST_S`` before reconnecting, so an outage costs no connection attempt per request.
Other databases (MySQL/MariaDB) have no loop reader: the threadpool path serves them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import time
from typing import Protocol

import psycopg
from psycopg.rows import TupleRow
from sqlalchemy.engine import URL

from pyroad.learning import versions

log = logging.getLogger("pyroad.web")

_SELECT_QMARK = versions.statement("qmark")  # sqlite3
# psycopg: the versions of every learner asked about since the last read, in one query
_SELECT_MANY = "SELECT id, progress_version FROM users WHERE id = ANY(%s)"


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
    """Production mode: one asynchronous connection per web process, made on first use, and
    one read at a time on it for every learner asked about meanwhile.

    Requests that arrive while a read is in flight wait for the next one, which asks for all
    of them at once (``id = ANY(…)``). Under load one round trip answers many requests (the
    round trip, not the server's work, was most of a cached read's cost: bench/load.py's
    reads), and every answer still comes from a query *sent after its request arrived*: a
    change committed before a request, by any process, is never missed. A read that takes
    longer than ``TIMEOUT_S`` gives up, so a stalled server never holds a request on the loop
    longer than two of them (the read in flight, then its own).
    """

    TIMEOUT_S = 0.5
    REST_S = 1.0

    def __init__(self, url: URL) -> None:
        self._conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._connection: psycopg.AsyncConnection[TupleRow] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._connecting: asyncio.Lock | None = None
        self._resting_until = 0.0
        self._asked: dict[int, list[asyncio.Future[int | None]]] = {}  # for the next read
        self._reading: asyncio.Task[None] | None = None
        self.reads = 0  # queries sent (how many requests each answered: tests, benches)

    async def current(self, user_id: int) -> int | None:
        if time.monotonic() < self._resting_until:
            raise Unavailable("resting after a failure")
        loop = self._on(asyncio.get_running_loop())
        answer: asyncio.Future[int | None] = loop.create_future()
        self._asked.setdefault(user_id, []).append(answer)
        if self._reading is None:
            self._reading = loop.create_task(self._read_all())
        try:
            # The read in flight, then its own. Bounded here too: psycopg spends seconds
            # cancelling a query on a server that stopped answering, after TIMEOUT_S.
            async with asyncio.timeout(2 * self.TIMEOUT_S):
                return await answer
        except TimeoutError:
            raise Unavailable("no answer in time") from None

    def _on(self, loop: asyncio.AbstractEventLoop) -> asyncio.AbstractEventLoop:
        """Start afresh on a new loop (a restarted app): nothing of the old one is usable."""
        if self._loop is not loop:
            self._connection, self._loop, self._connecting = None, loop, asyncio.Lock()
            self._asked, self._reading, self._resting_until = {}, None, 0.0
        return loop

    async def _read_all(self) -> None:
        """Read for everyone asked so far, then for everyone asked meanwhile, until no one
        waits; after a failure everyone waiting is told at once (the reader rests)."""
        try:
            while self._asked:
                asked, self._asked = self._asked, {}
                try:
                    if time.monotonic() < self._resting_until:
                        raise Unavailable("resting after a failure")
                    found = await self._read(list(asked))
                except Unavailable as error:
                    for answers in asked.values():
                        _tell(answers, error=str(error))
                except Exception as error:  # unforeseen: the threadpool path answers
                    log.exception("the version reader failed")
                    self._resting_until = time.monotonic() + self.REST_S
                    await self._drop()
                    for answers in asked.values():
                        _tell(answers, error=type(error).__name__)
                except BaseException:  # cancelled (the app stopping): no one waits forever
                    for answers in asked.values():
                        _tell(answers, error="the reader stopped")
                    raise
                else:
                    for user_id, answers in asked.items():
                        _tell(answers, version=found.get(user_id))
        finally:
            self._reading = None
            self._stop_waiting()  # cancelled (the app stopping)

    def _stop_waiting(self) -> None:
        """Tell every request waiting for the next read that there will be none."""
        for answers in self._asked.values():
            _tell(answers, error="the reader stopped")
        self._asked = {}

    async def _read(self, user_ids: list[int]) -> dict[int, int]:
        try:
            async with asyncio.timeout(self.TIMEOUT_S):
                connection = await self._connected()
                self.reads += 1
                cursor = await connection.execute(_SELECT_MANY, (user_ids,), prepare=True)
                rows = await cursor.fetchall()
        except (psycopg.Error, OSError, TimeoutError) as error:
            self._resting_until = time.monotonic() + self.REST_S
            await self._drop()
            raise Unavailable(str(error) or type(error).__name__) from error
        return {int(user_id): int(version) for user_id, version in rows}

    async def _connected(self) -> psycopg.AsyncConnection[TupleRow]:
        if self._connection is not None and not self._connection.closed:
            return self._connection
        assert self._connecting is not None
        async with self._connecting:  # one connection, however the reads are scheduled
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
        reading = self._reading
        if reading is not None and not reading.done():
            reading.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reading
        self._reading = None  # a task cancelled before its first step ran no clean-up
        self._stop_waiting()
        await self._drop()


def _tell(
    answers: list[asyncio.Future[int | None]],
    *,
    version: int | None = None,
    error: str | None = None,
) -> None:
    """Answer the requests still waiting (one that gave up has a cancelled future); each
    failed one gets its own exception (one instance raised in many tasks would gather all
    their tracebacks)."""
    for answer in answers:
        if answer.done():
            continue
        if error is not None:
            answer.set_exception(Unavailable(error))
        else:
            answer.set_result(version)
