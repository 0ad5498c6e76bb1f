"""What `pyroad review` prints for each shape of the API's answer (no server needed)."""

from __future__ import annotations

from typing import Any

import pytest

from pyroad.cli.review import show_cards, show_queue

CONCEPT = {
    "concept": "conditionals",
    "name": "Conditionals",
    "due": "2026-03-04T09:00:00+00:00",
    "last_review": "2026-03-02T09:00:00+00:00",
    "reps": 1,
    "lapses": 0,
}


def queue(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "now": "2026-03-05T09:00:00+00:00",
        "due": 0,
        "items": [],
        "more": 0,
        "total": 0,
        "next_due": None,
    }
    base.update(changes)
    return base


def test_nothing_in_review_says_how_concepts_get_there(capsys: pytest.CaptureFixture[str]) -> None:
    show_queue(queue())
    assert "Nothing in review yet: a concept enters review when you pass" in capsys.readouterr().out


def test_nothing_due_gives_the_next_date(capsys: pytest.CaptureFixture[str]) -> None:
    show_queue(queue(total=4, next_due=CONCEPT))
    out = capsys.readouterr().out
    assert out.strip() == (
        "Nothing to review now. Next: Conditionals on Wed 04 Mar 2026 (4 concepts in review)."
    )


def test_due_items_show_why_what_and_how_to_start(capsys: pytest.CaptureFixture[str]) -> None:
    item = {
        "slug": "status-class",
        "title": "Classify a status code",
        "url": "/exercises/status-class",
        "step": 1,
        "difficulty": "easy",
        "minutes": 10,
        "solved": False,
        "last_solved_at": None,
        "because": "Conditionals came due yesterday; an exercise you have not solved yet "
        "practises it.",
        "concepts": [CONCEPT, {**CONCEPT, "concept": "operators", "name": "Operators"}],
    }
    show_queue(queue(due=3, items=[item], more=1, total=5), "http://pyroad.test")
    out = capsys.readouterr().out
    assert "Due for review: 3 concepts in 2 exercises." in out
    assert "1. Classify a status code  (step 1, easy, ~10 min, new to you)" in out
    assert "   Reviews: Conditionals · Operators" in out
    assert "→ pyroad start status-class    http://pyroad.test/exercises/status-class" in out
    assert "…and 1 more review exercise after these." in out


def test_all_cards_as_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    show_cards({"cards": []})
    assert capsys.readouterr().out.strip() == "Nothing in review yet."
    card = {**CONCEPT, "state": "review", "stability": 2.3, "difficulty": 2.1}
    show_cards({"cards": [{**card, "retrievability": 0.874, "reps": 3, "lapses": 1}]})
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split() == [
        "Conditionals",
        "Wed",
        "04",
        "Mar",
        "2026",
        "87%",
        "3",
        "(1",
        "lapse)",
    ]
