"""UTCDateTime on SQLite: the fast parse of stored text gives what SQLAlchemy's parse plus
``.replace(tzinfo=UTC)`` gave, for what pyroad writes and for any other text found there."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, insert, select, text

from pyroad.db import UTCDateTime, make_engine

TABLE = Table(
    "stamps", MetaData(), Column("id", Integer, primary_key=True), Column("at", UTCDateTime)
)


@pytest.mark.parametrize(
    "stored",
    [
        "2026-11-20 11:28:48.180417",  # what SQLAlchemy writes
        "2026-11-20 11:28:48",  # without microseconds (written by hand)
        "2026-11-20T11:28:48.180",  # ISO with a T, milliseconds
        "2026-11-20 11:28:48+00:00",  # with an offset already
        "2026-11-20 12:28:48.5+01:00",  # another offset: converted to UTC
        "2026-11-20",  # a date alone
    ],
)
def test_stored_text_reads_as_before(tmp_path: Path, stored: str) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'stamps.sqlite3'}")
    try:
        TABLE.create(engine)
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO stamps (id, at) VALUES (1, :at)"), {"at": stored})
            got = connection.scalar(select(TABLE.c.at))
        general = UTCDateTime().process_result_value(
            UTCDateTime()
            .load_dialect_impl(engine.dialect)
            .result_processor(engine.dialect, None)(stored),
            engine.dialect,
        )
        assert got == general and got is not None and got.utcoffset() == timedelta(0)
    finally:
        engine.dispose()


def test_written_and_read_back_unchanged(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'stamps.sqlite3'}")
    moments = [
        datetime(2026, 11, 20, 11, 28, 48, 180417, tzinfo=UTC),
        datetime(2026, 11, 20, 12, 28, 48, tzinfo=timezone(timedelta(hours=1))),
        datetime(2026, 1, 1, tzinfo=UTC),
    ]
    try:
        TABLE.create(engine)
        with engine.begin() as connection:
            connection.execute(insert(TABLE), [{"id": n, "at": at} for n, at in enumerate(moments)])
            back = list(connection.scalars(select(TABLE.c.at).order_by(TABLE.c.id)))
            assert connection.scalar(select(TABLE.c.at).where(TABLE.c.id == 99)) is None
        assert back == moments and all(at.tzinfo is UTC for at in back)
    finally:
        engine.dispose()
