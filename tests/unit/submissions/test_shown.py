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
        {"name": visible.name, "status": "failed", "message": "Expected 8080", "stdout": "x",
         "traceback": ""},
        {"name": "a test since removed", "status": "failed", "message": "Expected 3",
         "stdout": "", "traceback": ""},
    ]
    now_hidden, example, removed = shown_tests(legacy, CATALOG, EXERCISE.slug)
    assert now_hidden == {
        "name": hidden.name,
        "status": "failed",
        "message": f"{hidden.message}\n{LEGACY_NOTE}",
        "stdout": "",
        "traceback": "",
        "hidden": True,
    }
    assert example == legacy[1]  # visible today: shown as stored
    assert removed["message"] == LEGACY_NOTE and removed["hidden"]
    # Results stored with the hidden flag are already what may be shown.
    current = [{**legacy[0], "hidden": False}]
    assert shown_tests(current, CATALOG, EXERCISE.slug) == current
