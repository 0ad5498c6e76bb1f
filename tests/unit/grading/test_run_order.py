"""A run makes the visible tests before the hidden ones; the report keeps the exercise's order.

Why: code that keeps state between calls must give an example the result `pyroad test`
(visible tests only) gives, so a failing example reproduces from what the learner sees.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pyroad.curriculum.model import Difficulty, Exercise, ExerciseKind, ExerciseLimits, Probe
from pyroad.grading.compare import Encoded
from pyroad.grading.grader import Grader, Verdict, visible_first
from pyroad.grading.grader import TestStatus as Status
from pyroad.grading.sandbox import Event, EventCallback, Job, Limits, RunOutcome, RunStatus, Sandbox

COUNTER = "SEEN = []\n\n\ndef add(item):\n    SEEN.append(item)\n    return len(SEEN)\n"
HIDDEN_A = Probe("first call", "add('a')", "Counts every call.", 1)
EXAMPLE = Probe("the example", "add('b')", "Counts every call.", 2, visible=True)
HIDDEN_C = Probe("third call", "add('c')", "Counts every call.", 3)
LAST_EXAMPLE = replace(EXAMPLE, name="last example", code="add('d')", line=4)
PROBES = (HIDDEN_A, EXAMPLE, HIDDEN_C, LAST_EXAMPLE)
RUN_ORDER = ["the example", "last example", "first call", "third call"]
REPORT_ORDER = ["first call", "the example", "third call", "last example"]


def counter_exercise(*probes: Probe, pinned: dict[str, Encoded] | None = None) -> Exercise:
    return Exercise(
        slug="counter",
        step=1,
        title="Counter",
        order=1,
        difficulty=Difficulty.EASY,
        minutes=5,
        concepts=("lists",),
        hints=("Think about it.",),
        kind=ExerciseKind.MODULE,
        statement="Count calls.",
        starter="",
        solution=COUNTER,
        setup="from solution import add",
        setup_repo="",
        tests=probes,
        wrong_solutions=(),
        limits=ExerciseLimits(),
        lessons=(),
        project=False,
        path=Path("/nonexistent"),
        pinned=pinned,
    )


class Scripted:
    """Answers tests in the order the job lists them, stopping with ``status`` after ``done``."""

    def __init__(self, done: int | None = None, status: RunStatus = RunStatus.COMPLETED) -> None:
        self.done = done
        self.status = status
        self.jobs: list[Job] = []

    def run(self, job: Job, limits: Limits, on_event: EventCallback | None = None) -> RunOutcome:
        self.jobs.append(job)
        tests = job.tests if self.done is None else job.tests[: self.done]
        events: list[Event] = [{"event": "loaded", "stdout": ""}]
        events += [
            {"event": "test", "name": name, "observed": ["int", number], "stdout": ""}
            for number, (name, _) in enumerate(tests, start=1)
        ]
        for event in events:
            if on_event:
                on_event(event)
        return RunOutcome(self.status, events)

    def close(self) -> None:
        pass


def scripted_grader(sandbox: Scripted) -> Grader:
    return Grader(sandbox)


PINNED: dict[str, Encoded] = {
    name: ["int", number] for number, name in enumerate(RUN_ORDER, start=1)
}


def test_visible_first_keeps_each_groups_order() -> None:
    assert visible_first(list(PROBES), lambda probe: probe.visible) == [
        EXAMPLE,
        LAST_EXAMPLE,
        HIDDEN_A,
        HIDDEN_C,
    ]


def test_grade_runs_visible_tests_first_and_reports_in_the_exercises_order() -> None:
    sandbox = Scripted()
    streamed: list[str] = []
    report = scripted_grader(sandbox).grade(
        counter_exercise(*PROBES, pinned=PINNED), COUNTER, lambda test: streamed.append(test.name)
    )
    assert [name for name, _ in sandbox.jobs[0].tests] == RUN_ORDER
    assert streamed == RUN_ORDER
    assert [test.name for test in report.tests] == REPORT_ORDER
    assert report.verdict is Verdict.PASSED


def test_reference_observations_are_made_in_the_same_order() -> None:
    sandbox = Scripted()
    observed = scripted_grader(sandbox).reference_observations(counter_exercise(*PROBES))
    assert [name for name, _ in sandbox.jobs[0].tests] == RUN_ORDER
    assert observed == PINNED


def test_a_time_out_marks_the_test_that_was_running_in_run_order() -> None:
    # Both examples finished; the first hidden test ran out of time; the other never ran.
    sandbox = Scripted(done=2, status=RunStatus.TIMEOUT)
    report = scripted_grader(sandbox).grade(counter_exercise(*PROBES, pinned=PINNED), COUNTER)
    assert report.verdict is Verdict.TIMEOUT
    statuses = {test.name: test.status for test in report.tests}
    assert statuses == {
        "first call": Status.ERROR,
        "the example": Status.PASSED,
        "third call": Status.NOT_RUN,
        "last example": Status.PASSED,
    }
    # The first example ran out of time: the hidden test listed before it never ran.
    report = scripted_grader(Scripted(done=0, status=RunStatus.TIMEOUT)).grade(
        counter_exercise(*PROBES, pinned=PINNED), COUNTER
    )
    statuses = {test.name: test.status for test in report.tests}
    assert statuses["the example"] is Status.ERROR
    assert statuses["first call"] is Status.NOT_RUN
    assert "Time ran out" in next(t.message for t in report.tests if t.name == "the example")


def test_state_kept_between_calls_gives_examples_the_visible_only_result(
    sandbox: Sandbox,
) -> None:
    """In the real sandbox: the examples see no call a hidden test made, as in `pyroad test`."""
    grader = Grader(sandbox)
    exercise = counter_exercise(*PROBES)
    assert grader.reference_observations(exercise) == PINNED
    visible_only = counter_exercise(EXAMPLE, LAST_EXAMPLE)
    assert grader.reference_observations(visible_only) == {
        "the example": ["int", 1],
        "last example": ["int", 2],
    }
    # A learner whose counter starts at 1 fails the example on the server as locally.
    wrong = COUNTER.replace("SEEN = []", "SEEN = ['x']")
    on_server = grader.grade(exercise, wrong)
    local = grader.grade(visible_only, wrong)
    examples = [t for t in on_server.tests if not t.hidden]
    assert [(t.name, t.status, t.message) for t in examples] == [
        (t.name, t.status, t.message) for t in local.tests
    ]
    assert all(t.status is Status.FAILED for t in examples)
