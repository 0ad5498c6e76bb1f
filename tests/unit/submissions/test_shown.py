"""Results stored before hidden tests existed are shown as hidden tests are today."""

from __future__ import annotations

from pyroad.curriculum.loader import load_catalog
from pyroad.submissions.services import LEGACY_NOTE, shown_tests
from tests.conftest import CURRICULUM

CATALOG, _ = load_catalog(CURRICULUM)
EXERCISE = CATALOG.require_exercise("parse-port")


def test_old_results_of_tests_now_hidden_show_only_the_rule() -> None:
    hidden = next(p for p in EXERCISE.tests if not p.visible and not p.randomised)
    visible = next(p for p in EXERCISE.tests if p.visible)
    legacy = [
        {
            "name": hidden.name,
            "status": "failed",
            "message": f"old rule\nExpected `{hidden.code}` to give 1, but it gave 2.",
            "stdout": "printed input",
            "traceback": "Traceback …",
        },
        {
            "name": visible.name,
            "status": "failed",
            "message": "Expected 8080",
            "stdout": "x",
            "traceback": "",
        },
        {
            "name": "a test since removed",
            "status": "failed",
            "message": "Expected 3",
            "stdout": "",
            "traceback": "",
        },
    ]
    now_hidden, example, removed = shown_tests(legacy, CATALOG, EXERCISE.slug)
    assert now_hidden == {
        "name": hidden.name,
        "status": "failed",
        "message": f"{hidden.message}\n{LEGACY_NOTE}",
        "stdout": "",
        "traceback": "",
        "hidden": True,
        "shows": "",
        "diff": None,
    }
    # Visible today: shown as stored, with the fields added since read as their defaults.
    assert example == {**legacy[1], "shows": "", "diff": None}
    assert removed["message"] == LEGACY_NOTE and removed["hidden"]
    # Results stored with the hidden flag are already what may be shown.
    current = [{**legacy[0], "hidden": False, "shows": "calls `x`", "diff": None}]
    assert shown_tests(current, CATALOG, EXERCISE.slug) == current


def test_a_hidden_tests_description_and_texts_are_never_shown() -> None:
    stored = {
        "name": "hidden rule",
        "status": "failed",
        "message": "The rule.",
        "stdout": "",
        "traceback": "",
        "hidden": True,
        "shows": "calls `parse_port('31337')`",
        "diff": {"expected": "31337", "got": "x", "at": 0},
    }
    [shown] = shown_tests([stored], CATALOG, EXERCISE.slug)
    assert shown == {**stored, "shows": "", "diff": None}
