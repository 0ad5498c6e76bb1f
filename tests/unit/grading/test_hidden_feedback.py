"""Hidden tests say the rule and nothing the sandbox wrote; visible ones keep expected/got.

A scripted sandbox stands in for the real one: it answers each job with the events a
learner's run could produce (including forged ones), so every rule is checked exactly.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from pyroad.curriculum.model import Difficulty, Exercise, ExerciseKind, ExerciseLimits, Probe
from pyroad.grading.grader import Grader, Verdict
from pyroad.grading.grader import TestStatus as Status
from pyroad.grading.hidden import exception_name, learner_traceback, speakable_names
from pyroad.grading.sandbox import Event, EventCallback, Job, Limits, RunOutcome, RunStatus

SECRET_INPUT = "s3cr3t-input-7731"
SECRET_ANSWER = 99173
CODE = "def parse(text):\n    value = int(text)\n    return value\n"


class ScriptedSandbox:
    """Answers each job with ``respond(job)``'s events; records the jobs it was given."""

    def __init__(self, respond: Callable[[Job], list[Event]]) -> None:
        self.respond = respond
        self.jobs: list[Job] = []

    def run(self, job: Job, limits: Limits, on_event: EventCallback | None = None) -> RunOutcome:
        self.jobs.append(job)
        events = self.respond(job)
        for event in events:
            if on_event:
                on_event(event)
        return RunOutcome(RunStatus.COMPLETED, events)

    def close(self) -> None:
        pass


def exercise(*probes: Probe, pinned: dict[str, Any] | None = None) -> Exercise:
    return Exercise(
        slug="parse",
        step=1,
        title="Parse",
        order=1,
        difficulty=Difficulty.EASY,
        minutes=5,
        concepts=("strings",),
        hints=("Think about it.",),
        kind=ExerciseKind.MODULE,
        statement="Parse a number.",
        starter="",
        solution=CODE,
        setup="from solution import parse",
        setup_repo="",
        tests=probes,
        wrong_solutions=(),
        limits=ExerciseLimits(),
        lessons=(),
        project=False,
        path=Path("/nonexistent"),
        pinned=pinned,
    )


HIDDEN = Probe("hidden rule", f"parse({SECRET_INPUT!r})", "Digits only, else None.", 1)
VISIBLE = replace(HIDDEN, name="example", code="parse('12')", visible=True)
EXPECTED = {"hidden rule": ["int", SECRET_ANSWER], "example": ["int", 12]}


def events(observed: dict[str, Any], **extra: Any) -> Callable[[Job], list[Event]]:
    def respond(job: Job) -> list[Event]:
        found: list[Event] = [{"event": "loaded", "stdout": ""}]
        for name, _ in job.tests:
            found.append({"event": "test", "name": name, **observed, **extra})
        return [*found, {"event": "done"}]

    return respond


def leaked(report: Any) -> bool:
    text = json.dumps([vars(test) for test in report.tests]) + report.traceback + report.stdout
    return SECRET_INPUT in text or str(SECRET_ANSWER) in text


def test_a_hidden_failure_shows_the_rule_only() -> None:
    sandbox = ScriptedSandbox(
        events({"observed": ["str", SECRET_INPUT], "stdout": f"debug {SECRET_INPUT}\n"})
    )
    report = Grader(sandbox).grade(exercise(HIDDEN, VISIBLE, pinned=EXPECTED), CODE)
    hidden, visible = report.tests
    assert hidden.status is Status.FAILED and hidden.hidden
    assert hidden.message.startswith("Digits only, else None.\n")
    assert "not shown" in hidden.message
    assert hidden.stdout == "" and hidden.traceback == ""
    assert SECRET_INPUT not in hidden.message and str(SECRET_ANSWER) not in hidden.message
    # The visible example keeps its call, expected value and result.
    assert not visible.hidden
    assert "`parse('12')`" in visible.message and "12" in visible.message
    assert SECRET_INPUT in visible.message  # what the learner's code gave, an example
    assert visible.stdout.startswith("debug")


def test_a_hidden_exception_shows_its_type_and_the_learners_line_not_the_message() -> None:
    trace = (
        "Traceback (most recent call last):\n"
        f'  File "solution.py", line 2, in parse\n    value = int({SECRET_INPUT!r})\n'
        f"ValueError: invalid literal for int() with base 10: {SECRET_INPUT!r}\n"
    )
    raised = ["raise", ["ValueError", "Exception", "BaseException"], f"invalid {SECRET_INPUT}"]
    sandbox = ScriptedSandbox(events({"observed": raised, "traceback": trace, "stdout": ""}))
    only_hidden = exercise(HIDDEN, pinned={"hidden rule": EXPECTED[HIDDEN.name]})
    report = Grader(sandbox).grade(only_hidden, CODE)
    [test] = report.tests
    assert test.status is Status.ERROR
    assert "Your code raised ValueError on line 2" in test.message
    # The quoted line comes from the submitted code, not from the sandbox's text.
    assert test.traceback.splitlines() == [
        "Traceback (most recent call last):",
        '  File "solution.py", line 2',
        "    value = int(text)",
        "ValueError",
    ]
    assert report.verdict is Verdict.ERROR
    assert report.explanation.startswith("A function got a value of the right type")
    assert not leaked(report)


def test_forged_exception_names_and_lines_are_not_a_channel() -> None:
    assert exception_name(["raise", [SECRET_INPUT, "Exception"], ""], speakable_names(CODE)) == (
        "Exception"
    )
    assert exception_name(["raise", ["ParseError"], ""], speakable_names("class ParseError")) == (
        "ParseError"
    )
    forged = f'File "solution.py", line 999\nFile "solution.py", line 3\n{SECRET_INPUT}'
    assert learner_traceback(forged, CODE, "Exception").splitlines()[1:] == [
        '  File "solution.py", line 3',
        "    return value",
        "Exception",
    ]


def test_a_load_event_after_the_tests_is_ignored() -> None:
    def respond(job: Job) -> list[Event]:
        return [
            {"event": "loaded", "stdout": "hello\n"},
            {"event": "test", "name": job.tests[0][0], "observed": ["int", 1], "stdout": ""},
            {"event": "loaded", "stdout": SECRET_INPUT},
            {"event": "load_error", "error": ["raise", ["E"], SECRET_INPUT], "traceback": ""},
            {"event": "done"},
        ]

    report = Grader(ScriptedSandbox(respond)).grade(
        exercise(HIDDEN, pinned={"hidden rule": EXPECTED[HIDDEN.name]}), CODE
    )
    assert report.verdict is Verdict.FAILED
    assert report.stdout == "hello\n"
    assert not leaked(report)


def test_counts_of_tests_and_hidden_ones() -> None:
    pooled = Probe("random", "parse(case)", "Rule.", 3, pool="[str(i) for i in range(50)]")
    pooled = replace(pooled, sample=6)
    counted = exercise(HIDDEN, VISIBLE, pooled)
    assert (counted.tests_total, counted.tests_hidden) == (8, 7)
