"""The gradebook: per learner, each assigned exercise's best verdict, attempts and timing.

Exported as CSV for spreadsheets (and as JSON through the API). The CSV is written for the
way spreadsheet applications open files: UTF-8 with a byte-order mark (so Excel does not
read names as Windows-1252), CRLF line ends, and no cell that could be taken for a formula
(OWASP "CSV injection": a learner named ``=HYPERLINK("http://evil","click")`` must stay
text, so such cells get a leading apostrophe).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from pyroad.curriculum.model import Catalog
from pyroad.db import utcnow
from pyroad.teaching import dashboard
from pyroad.teaching.dashboard import EMPTY, AssignedExercise, Cell
from pyroad.teaching.models import Cohort

BOM = "\ufeff"
# A cell starting with one of these is a formula (or becomes one) in Excel, LibreOffice
# and Google Sheets; tab and carriage return can hide the character that follows.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"  # UTC, read as a date by every spreadsheet


@dataclass(frozen=True)
class Grade:
    """One learner on one assigned exercise."""

    best_verdict: str | None  # None: never submitted
    attempts: int
    submitted_at: datetime | None  # the first passing submission, else the latest one
    due_at: datetime | None
    timing: str  # on time · late · overdue · in progress · not started


@dataclass(frozen=True)
class GradebookRow:
    learner_id: int
    name: str
    email: str
    grades: list[Grade]  # in the order of Gradebook.exercises

    @property
    def solved(self) -> int:
        return sum(1 for grade in self.grades if grade.best_verdict == "passed")


@dataclass(frozen=True)
class Gradebook:
    cohort_id: int
    cohort_name: str
    generated_at: datetime
    exercises: list[AssignedExercise]
    rows: list[GradebookRow]  # by learner name


def timing(cell: Cell, due_at: datetime | None, now: datetime) -> str:
    """The submitted-at vs due comparison, in words a gradebook reader expects."""
    if cell.solved:
        return "late" if cell.late(due_at) else "on time"
    if due_at is not None and now > due_at:
        return "overdue"
    return "in progress" if cell.attempts else "not started"


def grade(cell: Cell, exercise: AssignedExercise, now: datetime) -> Grade:
    return Grade(
        best_verdict=cell.best,
        attempts=cell.attempts,
        submitted_at=cell.solved_at or cell.last_at,
        due_at=exercise.due_at,
        timing=timing(cell, exercise.due_at, now),
    )


def build(
    session: Session, catalog: Catalog, cohort: Cohort, now: datetime | None = None
) -> Gradebook:
    """Three queries: the assignments, the learners, the progress rows for every grade."""
    now = now or utcnow()
    assigned = dashboard.assigned_exercises(session, catalog, cohort.id)
    learners = dashboard.learner_rows(session, cohort.id)
    found = dashboard.cells(
        session, dashboard.learners_of(cohort.id), [exercise.slug for exercise in assigned]
    )
    rows = [
        GradebookRow(
            learner.user_id,
            learner.name,
            learner.email,
            [
                grade(found.get((learner.user_id, exercise.slug), EMPTY), exercise, now)
                for exercise in assigned
            ],
        )
        for learner in learners
    ]
    return Gradebook(cohort.id, cohort.name, now, assigned, rows)


def safe_cell(value: str) -> str:
    """Text a spreadsheet shows as text: a cell that would start a formula gets a ``'``."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _time(value: datetime | None) -> str:
    return value.strftime(TIME_FORMAT) if value else ""


def header(book: Gradebook) -> list[str]:
    columns = ["Learner", "E-mail", "Solved"]
    for exercise in book.exercises:
        name = f"{exercise.title} ({exercise.slug})"
        columns += [
            f"{name}: best verdict",
            f"{name}: attempts",
            f"{name}: submitted (UTC)",
            f"{name}: due (UTC)",
            f"{name}: timing",
        ]
    return columns


def to_csv(book: Gradebook) -> bytes:
    """The gradebook as CSV bytes: UTF-8 with BOM, CRLF, every cell formula-safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(column) for column in header(book)])
    for row in book.rows:
        cells = [row.name, row.email, str(row.solved)]
        for each in row.grades:
            cells += [
                each.best_verdict or "",
                str(each.attempts),
                _time(each.submitted_at),
                _time(each.due_at),
                each.timing,
            ]
        writer.writerow([safe_cell(cell) for cell in cells])
    return (BOM + out.getvalue()).encode("utf-8")


def filename(book: Gradebook) -> str:
    """An ASCII file name for Content-Disposition (the cohort's name may be anything)."""
    stem = "".join(c if c.isascii() and c.isalnum() else "-" for c in book.cohort_name.lower())
    stem = "-".join(part for part in stem.split("-") if part) or "cohort"
    return f"gradebook-{stem[:40]}-{book.generated_at:%Y-%m-%d}.csv"
