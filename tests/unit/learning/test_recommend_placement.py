"""The placement check: which exercises make it, and how each step is decided."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pyroad.curriculum.loader import load_catalog
from pyroad.learning import placement
from pyroad.learning.adaptive_models import Placement, PlacementOutcome
from pyroad.learning.mastery import Attempt
from tests.conftest import CURRICULUM

CATALOG, _ = load_catalog(CURRICULUM)
START = datetime(2026, 3, 1, 9, tzinfo=UTC)
CHECK = Placement(user_id=1, started_at=START)


def at(slug: str, ok: bool, minutes: int, hints: int = 0) -> Attempt:
    return Attempt(slug, ok, 8 if ok else 2, 8, hints=hints, at=START + timedelta(minutes=minutes))


def test_each_step_gets_a_few_of_its_own_exercises_covering_most_concepts() -> None:
    for number in placement.STEPS:
        step = CATALOG.steps[number - 1]
        chosen = placement.check_exercises(step)
        assert 1 <= len(chosen) <= placement.PER_STEP
        assert all(e.step == number for e in chosen)
        covered = {c for e in chosen for c in e.concepts}
        assert len(covered) >= len({c for e in step.exercises for c in e.concepts}) / 2


def test_a_step_passes_when_every_check_exercise_passes_without_hints() -> None:
    step1 = placement.check_exercises(CATALOG.steps[0])
    attempts = [at(e.slug, True, i) for i, e in enumerate(step1)]
    status = placement.status_from(CATALOG, CHECK, {}, attempts)
    assert status.in_progress
    assert [s.state for s in status.steps] == ["passed", "pending", "pending"]
    nxt = status.next_exercise()
    assert nxt is not None and nxt[1] == 2
    assert not status.tested_out  # not finished: nothing recorded yet


def test_hints_too_many_failures_or_attempts_before_the_start_do_not_pass() -> None:
    step1 = placement.check_exercises(CATALOG.steps[0])
    first = step1[0].slug
    hinted = placement.status_from(CATALOG, CHECK, {}, [at(first, True, 1, hints=1)])
    assert hinted.steps[0].state == "failed"
    twice = placement.status_from(CATALOG, CHECK, {}, [at(first, False, 1), at(first, False, 2)])
    assert twice.steps[0].state == "failed"
    once = placement.status_from(CATALOG, CHECK, {}, [at(first, False, 1), at(first, True, 2)])
    assert once.steps[0].exercises[0].state == "passed"
    before = placement.status_from(CATALOG, CHECK, {}, [at(first, True, -5)])
    assert before.steps[0].exercises[0].state == "to-do"  # solved before the check began


def test_a_recorded_result_is_what_counts() -> None:
    done = Placement(user_id=1, started_at=START, finished_at=START + timedelta(hours=1))
    recorded = {1: PlacementOutcome.PASSED, 2: PlacementOutcome.FAILED, 3: PlacementOutcome.FAILED}
    status = placement.status_from(CATALOG, done, recorded, [])
    assert status.finished and not status.in_progress and status.decided
    assert status.tested_out == frozenset({1})
    never = placement.status_from(CATALOG, None, {}, [])
    assert not never.started and never.tested_out == frozenset()
