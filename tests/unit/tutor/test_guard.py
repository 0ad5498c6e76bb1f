"""The answer check: secrets of an exercise flagged, what a learner may read passed."""

from __future__ import annotations

from pyroad.curriculum.loader import load_catalog
from pyroad.tutor.guard import code_blocks, secrets_of
from tests.conftest import CURRICULUM

CATALOG, _ = load_catalog(CURRICULUM)
PORT = CATALOG.require_exercise("parse-port")
REQUEST = CATALOG.require_exercise("parse-request-line")


def kinds(text: str, learner_code: str = "") -> set[str]:
    return {f.kind for f in secrets_of(PORT).check(text, learner_code=learner_code)}


def test_a_hidden_probe_call_input_or_expected_value_is_flagged() -> None:
    assert kinds("The test calls parse_port('5432').") >= {"hidden-test"}
    assert kinds("One input is '8_080'.") == {"hidden-test"}
    assert kinds("It passes 5432 and wants 5432 back") >= {"expected-value"}


def test_numbers_match_only_standing_alone() -> None:
    assert kinds("port 15432 or 54321 or 5432.5") == set()


def test_what_a_learner_can_read_is_not_flagged() -> None:
    visible = next(p for p in PORT.tests if p.visible)
    assert kinds(f"The example calls `{visible.code}`.") == set()
    assert kinds(PORT.statement) == set()
    assert kinds(" ".join(p.message for p in PORT.tests)) == set()  # every rule
    assert kinds(" ".join(PORT.hints)) == set()
    assert kinds(PORT.starter) == set()


def test_reference_lines_and_solution_shaped_code_are_flagged() -> None:
    line = next(x.strip() for x in PORT.solution.splitlines() if "isascii()" in x and "if " in x)
    assert kinds(f"Write `{line}`") == {"solution-line"}
    assert kinds("```python\ndef parse_port(s):\n    return int(s)\n```") == {"solution-code"}
    assert kinds("    def parse_port(s):\n        return None\n") == {"solution-code"}
    # A stub (the signature with pass or a docstring) is the starter's shape, not a solution.
    assert kinds("```python\ndef parse_port(text):\n    pass\n```") == set()
    assert kinds("```python\ndef helper(x):\n    return x\n```") == set()


def test_the_learners_own_code_quoted_back_is_not_flagged() -> None:
    mine = "def parse_port(text):\n    return int(text)\n"
    assert kinds(f"Your code:\n\n```python\n{mine}```", learner_code=mine) == set()


def test_pooled_cases_and_their_expected_values_are_secrets() -> None:
    pool = next(iter((REQUEST.pinned_pools or {}).values()))
    case = next(c for c in pool if len(c["case"].strip()) > 8)
    found = {f.kind for f in secrets_of(REQUEST).check(f"a random case is {case['case']!r}")}
    assert "hidden-test" in found and found <= {"hidden-test", "expected-value"}


def test_code_blocks_finds_fenced_and_indented_blocks() -> None:
    text = "Look:\n\n```python\nx = 1\n```\n\nand\n\n    y = 2\n    z = 3\n\nend"
    assert code_blocks(text) == ["x = 1\n", "y = 2\nz = 3"]


def test_every_exercise_has_its_reference_flagged() -> None:
    flagged = 0
    for exercise in CATALOG.exercises:
        secrets = secrets_of(exercise)
        if not secrets.solution_lines and not secrets.functions:
            continue  # a one-liner the statement itself shows (some git exercises)
        flagged += 1
        quoted = exercise.solution if secrets.functions else secrets.solution_lines[0]
        assert secrets.check(f"```\n{quoted}\n```"), exercise.slug
        assert not secrets.check(exercise.statement), exercise.slug
    assert flagged > 100
