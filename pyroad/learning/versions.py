"""A per-learner counter of changes to what their own views show, for cached reads.

Every write that changes a learner's roadmap, exercise page or progress calls :func:`bump`
in the same transaction as the change. A read takes :func:`current` *before* it reads the
data, so whatever it builds is at least as new as the version it is cached under: a change
that commits in between makes the next read see a newer version and build again. The
counter lives in the database, so it holds across web processes and grading workers.

Bump *first*, before inserting rows that reference the learner: on MySQL/MariaDB such an
insert takes a shared lock on the learner's row (the foreign key check) and the bump then
needs it exclusive, so two requests of one learner at once would deadlock. Taken first, the
exclusive lock just makes the second wait.
"""

from __future__ import annotations

import weakref
from typing import Any, cast

from sqlalchemy import Connection, Engine, update
from sqlalchemy.exc import DBAPIError, StatementError
from sqlalchemy.orm import Session

from pyroad.accounts.models import User
from pyroad.db import bound, table_of


def bump(session: Session, user_id: int, *, expected: int | None = None) -> bool:
    """Record that something the learner sees changed (call inside the changing transaction).

    With ``expected`` (a version read earlier, outside this transaction's writes), True if
    the version was still that one, i.e. nothing of the learner's changed since the read
    (``learning.graded`` uses it to keep what it read before the write turn). Without it,
    always False.
    """
    connection = session.connection()
    if expected is not None:
        fenced = connection.execute(
            _FENCED_BUMP, {"user_id": user_id, "expected": expected, "next": expected + 1}
        )
        if fenced.rowcount == 1:
            return True
    connection.execute(_BUMP, {"user_id": user_id})
    return False


# Built once (see ``pyroad.db.bound``): a bump runs in every submission's two transactions.
_USERS = table_of(User)
_BUMP = (
    update(_USERS)
    .where(_USERS.c.id == bound(User.id, "user_id"))
    .values(progress_version=_USERS.c.progress_version + 1)
)
_FENCED_BUMP = (
    update(_USERS)
    .where(
        _USERS.c.id == bound(User.id, "user_id"),
        _USERS.c.progress_version == bound(User.progress_version, "expected"),
    )
    .values(progress_version=bound(User.progress_version, "next"))
)


def current(session: Session, user_id: int) -> int | None:
    """The learner's version now (None if the account is gone): one primary-key read.

    Straight on the driver's cursor: this runs on every cached read, and building and
    compiling the statement through SQLAlchemy costs some twenty times the query itself.
    On PostgreSQL, when the session holds no connection yet, it runs on its own pooled
    connection outside any transaction (no BEGIN and ROLLBACK round trips); the data read
    afterwards in the session is at least as new, since PostgreSQL reads committed data per
    statement. A session that already holds one (the sign-in read the token) reads through
    it: a request holding two connections at once could starve the pool, every thread
    holding one and waiting for a second (503s in bench/load.py's production shape).
    """
    bind = session.get_bind()
    if (
        isinstance(bind, Engine)
        and bind.dialect.name == "postgresql"
        and not session.in_transaction()
    ):
        with _autocommit(bind).connect() as connection:
            return _read(connection, user_id)
    return _read(session.connection(), user_id)


def statement(paramstyle: str) -> str:
    """The version read as driver SQL, for readers that bypass SQLAlchemy (one text for all)."""
    marker = _MARKERS.get(paramstyle, "%s")
    return f"SELECT progress_version FROM users WHERE id = {marker}"  # noqa: S608 - a fixed marker, the value is bound


def _read(connection: Connection, user_id: int) -> int | None:
    dialect = connection.dialect
    statement_text = statement(dialect.paramstyle)
    cursor = connection.connection.cursor()
    try:
        cursor.execute(statement_text, (user_id,))
        row = cursor.fetchone()
    except dialect.loaded_dbapi.Error as error:
        raise _translated(connection, cursor, statement_text, user_id, error) from error
    finally:
        cursor.close()
    return None if row is None else int(row[0])


def _translated(
    connection: Connection, cursor: Any, statement: str, user_id: int, error: Exception
) -> StatementError:
    """The driver's error as SQLAlchemy would have raised it, the connection dropped if dead.

    The raw cursor bypasses SQLAlchemy's handling: without this a lost server would surface
    as the driver's own exception (a 500, not the 503 a lost connection gets) and the dead
    connection would go back to the pool.
    """
    dialect = connection.dialect
    lost = dialect.is_disconnect(cast(Any, error), connection.connection.dbapi_connection, cursor)
    if lost:
        connection.invalidate(error)
    return DBAPIError.instance(
        statement,
        (user_id,),
        error,
        dialect.loaded_dbapi.Error,
        connection_invalidated=lost,
        dialect=dialect,
    )


_MARKERS = {"qmark": "?", "format": "%s", "pyformat": "%s"}  # sqlite3; psycopg, PyMySQL
_AUTOCOMMIT: weakref.WeakKeyDictionary[Engine, Engine] = weakref.WeakKeyDictionary()


def _autocommit(engine: Engine) -> Engine:
    """The engine in autocommit mode (same pool; psycopg switches it without a round trip)."""
    found = _AUTOCOMMIT.get(engine)
    if found is None:
        found = _AUTOCOMMIT[engine] = engine.execution_options(isolation_level="AUTOCOMMIT")
    return found
