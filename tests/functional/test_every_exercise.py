"""Every exercise can be done through the API, and its reference passes there as in the check."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pyroad.app import create_app
from pyroad.curriculum.loader import load_catalog
from pyroad.grading.grader import listed_name
from pyroad.grading.sandbox import Sandbox
from tests.conftest import CURRICULUM, Learner, make_settings

CATALOG, _ = load_catalog(CURRICULUM)


@pytest.fixture(scope="module")
def learner(tmp_path_factory: pytest.TempPathFactory, sandbox: Sandbox) -> Iterator[Learner]:
    settings = make_settings(Path(tmp_path_factory.mktemp("every")))
    with TestClient(create_app(settings, sandbox=sandbox)) as client:
        yield Learner(client)


@pytest.mark.slow
@pytest.mark.parametrize("slug", [exercise.slug for exercise in CATALOG.exercises])
def test_reference_passes_through_the_api(learner: Learner, slug: str) -> None:
    exercise = CATALOG.exercise(slug)
    assert exercise is not None
    view = learner.get(f"/api/v1/exercises/{slug}").json()
    assert view["starter"] == exercise.starter
    assert view["limits"]["time_s"] == exercise.limits.time_s
    result = learner.wait(learner.submit(slug, exercise.solution), timeout=120)
    assert result["verdict"] == "passed", result
    # One result per fixed probe, `sample` per randomised one; the page and API say how many.
    assert len(result["tests"]) == exercise.tests_total == view["tests_total"]
    # Tests are listed by name ("float noise hidden" as "float noise": the badge says hidden).
    names = [t["name"] for t in result["tests"]]
    fixed = [p for p in exercise.tests if not p.randomised]
    taken = {p.name for p in exercise.tests}
    listed = [listed_name(p, taken) for p in fixed]
    assert listed == [name for name in names if name in set(listed)]
    assert sum(t["hidden"] for t in result["tests"]) == exercise.tests_hidden
