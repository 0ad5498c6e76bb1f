"""Feedback teaches without leaking (issue 9): a lookup table built from it does not pass.

Run through the API and the page as a learner would. The exercise is parse-port: a few
visible examples, the rest hidden, possibly randomised; the inputs and expected values of
hidden probes are read here from tests.toml and expected.json, never from the feedback.
"""

from __future__ import annotations

import ast
import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from pyroad.curriculum.loader import load_catalog
from pyroad.curriculum.model import Exercise
from pyroad.grading.compare import describe
from tests.conftest import CURRICULUM, Learner

CATALOG, _ = load_catalog(CURRICULUM)
EXERCISE = CATALOG.require_exercise("parse-port")
FAILS_EVERYTHING = "def parse_port(text):\n    return 'no port here'\n"
# Randomised exercises too (step 1's have pools): one submission failing every test each.
FAILING = {
    "parse-port": FAILS_EVERYTHING,
    "parse-request-line": "def parse_request_line(line):\n    return 'no request'\n",
}
# Messages of visible tests: "This test calls `parse_port('8080')`.\n\nIt should return `8080`,
# but your code returned …" (any call the feedback quotes, any value).
QUOTED = re.compile(
    r"`parse_port\((?P<arg>.+?)\)`\.?\s+It should (?:return|give) `(?P<want>.+?)`, but"
)


def feedback_texts(
    learner: Learner, client: TestClient, submission_id: int, slug: str = EXERCISE.slug
) -> tuple[str, str]:
    """What the learner can read about a submission: the API's JSON and the page's HTML."""
    api = learner.get(f"/api/v1/submissions/{submission_id}").json()
    client.post("/login", data={"email": learner.email, "password": learner.password})
    page = client.get(f"/exercises/{slug}", headers={"accept": "text/html"})
    assert page.status_code == 200
    # Ids, times and random tokens are not feedback, and digits in them match by chance.
    said = {k: v for k, v in api.items() if k not in ("id", "created_at", "finished_at")}
    said.pop("duration_ms", None)
    return json.dumps(said, ensure_ascii=False), re.sub(r"[0-9a-f]{16,}", "", page.text)


def lookup_table(*texts: str) -> dict[Any, Any]:
    """Every (input, expected) pair the feedback shows, read as an attacker would."""
    readable = list(texts)
    for text in texts:  # JSON strings decoded, so quotes and newlines read as they show
        try:
            readable += [str(value) for value in _strings(json.loads(text))]
        except ValueError:
            continue
    table = {}
    for text in readable:
        for match in QUOTED.finditer(text):
            try:
                table[ast.literal_eval(match["arg"])] = ast.literal_eval(match["want"])
            except (ValueError, SyntaxError):
                continue
    return table


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def test_a_lookup_table_from_one_failing_submissions_feedback_does_not_pass(
    client: TestClient, learner: Learner
) -> None:
    first = learner.wait(learner.submit(EXERCISE.slug, FAILS_EVERYTHING))
    assert first["verdict"] == "failed"
    table = lookup_table(*feedback_texts(learner, client, first["id"]))
    # The examples are readable, as they should be; no hidden input is.
    shown = {ast.literal_eval(ast.unparse(arg)) for arg in _arguments(visible=True)}
    assert shown and shown <= set(table), table
    assert not set(table) & {ast.literal_eval(ast.unparse(a)) for a in _arguments(visible=False)}
    # The table answers what it saw; everything else gets a plausible, common guess.
    cheat = (
        f"TABLE = {table!r}\n\n"
        "def parse_port(text):\n"
        "    if text in TABLE:\n"
        "        return TABLE[text]\n"
        "    text = text.strip()\n"
        "    return int(text) if text.isdigit() and 0 < int(text) < 65536 else None\n"
    )
    second = learner.wait(learner.submit(EXERCISE.slug, cheat))
    assert second["verdict"] != "passed", second
    assert all(t["status"] == "passed" for t in second["tests"] if not t["hidden"])


def _arguments(*, visible: bool) -> list[ast.expr]:
    """The literal arguments of the fixed probes' calls (``parse_port('8080')`` → '8080')."""
    found = []
    for probe in EXERCISE.tests:
        if probe.visible is visible and not probe.randomised:
            call = ast.parse(probe.code.strip(), mode="eval").body
            if isinstance(call, ast.Call):
                found += call.args
    return found


def hidden_needles(exercise: Exercise) -> list[str]:
    """Texts that would show a hidden probe's input or expected value, if they appeared.

    Skipped: what the learner may read anyway (the statement, rules, visible examples),
    since their appearing proves nothing.
    """
    pinned = exercise.pinned or {}
    values: list[Any] = []
    for probe in exercise.tests:
        if probe.visible:
            continue
        if probe.randomised:
            for case in (exercise.pinned_pools or {}).get(probe.name, []):
                values += [repr(case["case"]), describe(case["expected"])]
            continue
        values.append(probe.code.strip())
        call = ast.parse(probe.code.strip(), mode="eval").body
        if isinstance(call, ast.Call):
            values += [ast.unparse(arg) for arg in call.args]
        values.append(describe(pinned[probe.name]))
    public = exercise.statement + "".join(p.message for p in exercise.tests)
    public += "".join(p.code + describe(pinned.get(p.name)) for p in exercise.tests if p.visible)
    return sorted({v for v in values if len(v) >= 4 and v not in public})


@pytest.mark.parametrize("slug", sorted(FAILING))
def test_hidden_probes_show_neither_input_nor_expected_value(
    client: TestClient, learner: Learner, slug: str
) -> None:
    exercise = CATALOG.require_exercise(slug)
    submission = learner.wait(learner.submit(slug, FAILING[slug]))
    assert submission["verdict"] == "failed"
    assert all(t["status"] != "passed" for t in submission["tests"])
    api, page = feedback_texts(learner, client, submission["id"], slug)
    needles = hidden_needles(exercise)
    assert len(needles) >= 10, needles  # enough distinct hidden inputs/answers to look for
    for needle in needles:
        assert needle not in api, f"the API shows {needle!r}"
        assert needle not in page, f"the page shows {needle!r}"
        # JSON escapes quotes and backslashes: look for the escaped form too.
        assert json.dumps(needle)[1:-1] not in api, f"the API shows {needle!r}"
    hidden = [t for t in submission["tests"] if t["hidden"]]
    assert len(hidden) == exercise.tests_hidden
    assert all(t["stdout"] == "" for t in hidden)
    # A hidden test's description could carry its input: never sent; visible ones say theirs.
    assert all(t["shows"] == "" and t["diff"] is None for t in hidden)
    assert all(t["shows"] for t in submission["tests"] if not t["hidden"])
    view = learner.get(f"/api/v1/exercises/{exercise.slug}").json()
    assert (view["tests_total"], view["tests_hidden"]) == (
        exercise.tests_total,
        exercise.tests_hidden,
    )
    assert f"{exercise.tests_total} tests, {exercise.tests_hidden} hidden" in page
