"""The learner's view of an assignment: late marking and status, without a database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pyroad.errors import InvalidInput
from pyroad.teaching.assignments import AssignedExercise, Status, is_late, status_of
from pyroad.web.pages.teaching import parse_due

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def exercise(solved: bool, late: bool = False) -> AssignedExercise:
    return AssignedExercise("s", "S", "/exercises/s", solved, late, 1, NOW if solved else None)


def test_late_is_after_the_due_date_by_submission_time() -> None:
    due = NOW
    assert not is_late(due, due)  # on the dot is on time
    assert is_late(due, due + timedelta(microseconds=1))
    assert not is_late(None, due)  # no due date: never late
    assert not is_late(due, None)


@pytest.mark.parametrize(
    ("due", "exercises", "status"),
    [
        (None, [exercise(True)], Status.DONE),
        (NOW - timedelta(days=1), [exercise(True, late=True)], Status.DONE_LATE),
        (NOW - timedelta(days=1), [exercise(True), exercise(False)], Status.OVERDUE),
        (NOW + timedelta(days=1), [exercise(False)], Status.DUE_SOON),
        (NOW + timedelta(days=3), [exercise(False)], Status.OPEN),
        (None, [exercise(False)], Status.OPEN),
        (NOW - timedelta(days=1), [], Status.OVERDUE),  # a step emptied from the catalog
    ],
)
def test_status(due: datetime | None, exercises: list[AssignedExercise], status: str) -> None:
    assert status_of(due, exercises, NOW) == status


def test_a_due_date_typed_in_the_browser_is_read_in_its_zone() -> None:
    # getTimezoneOffset() is minutes *behind* UTC: -60 in Paris in winter.
    assert parse_due("2027-01-15T17:00", "-60") == datetime(2027, 1, 15, 16, 0, tzinfo=UTC)
    assert parse_due("2027-01-15T17:00", "300") == datetime(2027, 1, 15, 22, 0, tzinfo=UTC)
    assert parse_due("2027-01-15T17:00", "") == datetime(2027, 1, 15, 17, 0, tzinfo=UTC)
    assert parse_due("  ", "0") is None


@pytest.mark.parametrize(
    ("value", "offset"),
    [
        ("tomorrow", "0"),
        ("2027-01-15T17:00", "abc"),
        ("2027-01-15T17:00", "9999"),
        ("2027-01-15T17:00+02:00", "0"),
    ],
)
def test_a_bad_due_date_is_refused(value: str, offset: str) -> None:
    with pytest.raises(InvalidInput):
        parse_due(value, offset)
