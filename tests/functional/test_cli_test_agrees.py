"""`pyroad test` and the server agree on the visible tests, for every shipped exercise.

For each exercise the package comes from the API (`GET /exercises/{slug}/download`, what
`pyroad download` saves); the reference and every known-wrong solution are graded twice:
by the server's grader on all tests (as the worker does) and by `pyroad test`'s code on the
package alone. Each visible test must read the same: name, status, message, what it shows
and the text difference.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from pyroad.app import create_app
from pyroad.cli import workdir
from pyroad.curriculum.loader import load_catalog
from pyroad.grading.grader import Grader, GradeReport
from pyroad.grading.sandbox import Sandbox
from tests.conftest import CURRICULUM, Learner, make_settings

CATALOG, _ = load_catalog(CURRICULUM)
SAME = ("name", "status", "message", "shows", "diff", "hidden")
# The server runs the visible probes before the hidden ones (Grader.grade and
# reference_observations), so a visible test's result never depends on a hidden test, even
# for code that keeps state across calls (module globals, mutable defaults, caches, a shared
# database): every exercise must agree, wrong solutions with such state included.
# Values that differ between any two runs are compared masked: an object's address (`<filter
# object at 0x7f…>`: the heap differs with the job's size) and a salted password hash (a new
# salt every run, so two server runs differ too).
UNSTABLE = (
    (re.compile(r" at 0x[0-9a-f]+"), " at 0x…"),
    (re.compile(r"pbkdf2_sha256\$[0-9a-f$]*"), "pbkdf2_sha256$…"),
)


@pytest.fixture(scope="module")
def learner(tmp_path_factory: pytest.TempPathFactory, sandbox: Sandbox) -> Iterator[Learner]:
    settings = make_settings(Path(tmp_path_factory.mktemp("agree")))
    with TestClient(create_app(settings, sandbox=sandbox)) as client:
        yield Learner(client)


def _visible(report: GradeReport) -> list[dict[str, Any]]:
    tests = workdir.result_json(report)["tests"]
    return [{key: _masked(test[key]) for key in SAME} for test in tests if not test["hidden"]]


def _masked(value: Any) -> Any:
    if isinstance(value, str):
        for pattern, mask in UNSTABLE:
            value = pattern.sub(mask, value)
        return value
    if isinstance(value, dict):
        return {key: _masked(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_masked(item) for item in value]
    return value


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@pytest.mark.slow
@pytest.mark.parametrize(
    "slug",
    [exercise.slug for exercise in CATALOG.exercises],
)
def test_pyroad_test_agrees_with_the_server(
    learner: Learner, sandbox: Sandbox, slug: str, tmp_path: Path
) -> None:
    exercise = CATALOG.exercise(slug)
    assert exercise is not None
    response = learner.get(f"/api/v1/exercises/{slug}/download")
    assert response.status_code == 200, response.text
    package = response.json()
    hidden = [p for p in exercise.tests if not p.visible]
    # Nothing of a hidden test nor of the reference leaves the server.
    assert {t["name"] for t in package["tests"]} == {p.name for p in exercise.tests if p.visible}
    sent = list(_strings(package))
    codes = {t["code"].strip() for t in package["tests"]}
    assert not [p.name for p in hidden if p.code.strip() in codes]
    assert not [
        p.name for p in hidden if len(p.code) > 40 and any(p.code.strip() in t for t in sent)
    ]
    assert not any(exercise.solution.strip() in text for text in sent)
    server = Grader(sandbox)
    solutions = [("solution", exercise.solution), *exercise.wrong_solutions]
    for name, code in solutions:
        on_server = server.grade(exercise, code)
        local = workdir.grade_package(package, tmp_path, code, sandbox)
        assert _visible(local) == _visible(on_server), name
        visible_failed = any(t["status"] != "passed" for t in _visible(on_server))
        assert (local.verdict.value != "passed") == visible_failed, name
