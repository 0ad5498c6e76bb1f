"""SQLite writers in one process queue on a Python lock instead of SQLite's sleeping busy
handler: many threads writing at once all succeed, and every way a transaction ends gives
the turn back (commit, rollback, an autocommit statement, closing the connection)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from pyroad import db
from pyroad.db import make_engine


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'gate.sqlite3'}", pool_size=8)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE counter (n INTEGER NOT NULL)"))
        connection.execute(text("INSERT INTO counter VALUES (0)"))
    yield engine
    engine.dispose()


def test_many_threads_writing_at_once_all_commit(engine: Engine) -> None:
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(50):
                with engine.begin() as connection:
                    connection.execute(text("SELECT n FROM counter")).scalar()
                    connection.execute(text("UPDATE counter SET n = n + 1"))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    with engine.connect() as connection:
        assert connection.execute(text("SELECT n FROM counter")).scalar() == 400
    assert not db._SQLITE_WRITER.locked()


def test_every_end_of_a_transaction_gives_the_turn_back(engine: Engine) -> None:
    with engine.connect() as connection:
        connection.execute(text("UPDATE counter SET n = 1"))
        assert db._SQLITE_WRITER.locked()  # held while the transaction is open
        connection.rollback()
    assert not db._SQLITE_WRITER.locked()
    with engine.connect() as connection:
        connection.execute(text("UPDATE counter SET n = 2"))
        connection.commit()
        assert not db._SQLITE_WRITER.locked()
        connection.execute(text("UPDATE counter SET n = 3"))
    assert not db._SQLITE_WRITER.locked()  # returned to the pool: rolled back
    raw = engine.raw_connection()
    try:
        raw.cursor().execute("UPDATE counter SET n = 4")
        assert db._SQLITE_WRITER.locked()
    finally:
        raw.invalidate()  # closes the DBAPI connection mid-transaction
    assert not db._SQLITE_WRITER.locked()


def test_a_failed_write_keeps_the_turn_until_the_rollback(engine: Engine) -> None:
    with engine.connect() as connection:
        connection.execute(text("UPDATE counter SET n = 5"))
        with pytest.raises(Exception, match="no such table"):
            connection.execute(text("INSERT INTO missing VALUES (1)"))
        assert db._SQLITE_WRITER.locked()
        connection.rollback()
    assert not db._SQLITE_WRITER.locked()
