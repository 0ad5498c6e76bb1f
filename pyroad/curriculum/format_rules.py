"""Gate rules of the content format that need no grading, and the full-pool grading run.

Called by ``pyroad.curriculum.check``: hidden probes (at least a third), hint 1 without
code, what visible tests show (``shows`` where it cannot be derived, ``labels`` for web
results, no helper names), practised vs taught topics, pinned pools compared with fresh
ones, and grading a solution on every pool item (not a sample) so a wrong solution that
fails only on rare inputs is found every time.
"""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path
from typing import Any

from pyroad.curriculum.model import EXPECTED_FILE, Catalog, Exercise
from pyroad.grading.compare import describe, matches
from pyroad.grading.grader import Case, Grader, GradeReport, TestStatus, Verdict
from pyroad.grading.shows import derive_shows

MIN_HIDDEN = Fraction(1, 3)
MAX_HINT1_CODE = 10
CHECK_BATCH = 400  # pool cases per gate run: big enough to be few runs, small enough to fit time_s
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)
# A setup that builds an HTTP test client (FastAPI/Starlette, Flask, Django): its probes'
# tuples are requests' parts (status, body, headers), which a learner reads by name.
_HTTP_CLIENT = re.compile(r"\bTestClient\(|\.test_client\(|\bClient\(")
_UPDATE = "if the change is intended, run `pyroad curriculum check --update` and review the diff"


def static_problems(exercise: Exercise) -> list[tuple[Path, str]]:
    """(file, message) for the rules read from the files alone."""
    found: list[tuple[Path, str]] = []
    hidden = sum(1 for probe in exercise.tests if not probe.visible)
    if Fraction(hidden, len(exercise.tests)) < MIN_HIDDEN:
        found.append(
            (
                exercise.path / "tests.toml",
                f"{hidden} of {len(exercise.tests)} tests are hidden; at least a third must be "
                "(a test is hidden unless it says `visible = true`)",
            )
        )
    if exercise.hints:
        long_spans = [
            span.strip()
            for _, span in _CODE_SPAN.findall(exercise.hints[0])
            if len(span.strip()) > MAX_HINT1_CODE
        ]
        if long_spans:
            found.append(
                (
                    exercise.path / "exercise.toml",
                    f"hint 1 must be a nudge without code; it has the code span "
                    f"`{long_spans[0]}` (more than {MAX_HINT1_CODE} characters)",
                )
            )
    tests = exercise.path / "tests.toml"
    found += [(tests, message) for message in presentation_problems(exercise)]
    return found


def presentation_problems(exercise: Exercise) -> list[str]:
    """What visible tests show a learner: described in their terms, tuples by their parts.

    - a visible test whose code is not a single call of the learner's function (nor
      ``run_program``) needs ``shows``: its code names helpers the learner never wrote;
    - ``shows`` must not call the setup's own functions or classes in code, unless the
      statement shows them too (``error_shape(...)`` means nothing to a learner);
    - ``labels`` must name every part of the pinned tuple; a visible test of an exercise
      whose setup builds an HTTP client and whose result is a tuple must have them.
    """
    messages: list[str] = []
    helpers = _setup_helpers(exercise.setup)
    statement_words = set(re.findall(r"[A-Za-z_]\w*", exercise.statement))
    client = bool(_HTTP_CLIENT.search(exercise.setup))
    pinned = exercise.pinned or {}
    for probe in exercise.tests:
        where = f"test {probe.name!r} (line {probe.line})"
        if probe.visible and not probe.shows and derive_shows(probe, exercise) is None:
            messages.append(
                f"{where} is visible but its code is not a single call of the learner's "
                'function: add `shows = "…"`, what it does in the learner\'s terms (e.g. '
                '"sends POST /notes with JSON body `{\\"text\\": 5}`")'
            )
        named = sorted(helpers & _called_in_code(probe.shows) - statement_words)
        if named:
            messages.append(
                f"{where}: `shows` calls {', '.join(f'`{n}`' for n in named)}, a helper of the "
                "tests the learner never saw; say what it does instead"
            )
        expected = pinned.get(probe.name)
        parts = _tuple_size(expected)
        if probe.labels and expected is not None and parts != len(probe.labels):
            got = f"a tuple of {parts}" if parts is not None else describe(expected, 60)
            messages.append(
                f"{where}: `labels` names {len(probe.labels)} parts but the reference's "
                f"result is {got}"
            )
        if probe.visible and client and parts is not None and not probe.labels:
            messages.append(
                f"{where}: its result is a tuple of {parts} in an exercise that sends HTTP "
                'requests: add `labels` naming each part (e.g. `labels = ["status", '
                '"body"]`) so feedback says "status: expected 201, got 400", not a tuple'
            )
    return messages


def _tuple_size(expected: Any) -> int | None:
    if isinstance(expected, list) and len(expected) == 2 and expected[0] == "tuple":
        return len(expected[1])
    return None


def _setup_helpers(setup: str) -> set[str]:
    """Functions and classes the setup defines itself: names a learner never saw."""
    return set(re.findall(r"^\s*(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)", setup, re.M))


def _called_in_code(markdown: str) -> set[str]:
    """Names called (``name(``) inside the code spans of a Markdown text."""
    return {
        name
        for _, span in _CODE_SPAN.findall(markdown)
        for name in re.findall(r"([A-Za-z_]\w*)\s*\(", span)
    }


def pool_differences(exercise: Exercise, fresh: dict[str, list[dict[str, Any]]]) -> list[str]:
    """Where freshly built pools or the reference's observations differ from the pins."""
    pinned = exercise.pinned_pools or {}
    messages = []
    for name, cases in fresh.items():
        old = pinned.get(name)
        if not old:
            messages.append(f"test {name!r} has no pinned pool in {EXPECTED_FILE}; {_UPDATE}")
        elif [c["case"] for c in old] != [c["case"] for c in cases]:
            messages.append(
                f"test {name!r}: the pool is not the one {EXPECTED_FILE} pins; {_UPDATE}"
            )
        else:
            for index, (was, now) in enumerate(zip(old, cases, strict=True)):
                if not matches(was["expected"], now["expected"]):
                    messages.append(
                        f"test {name!r}, pool case {index + 1} ({now['case']!r}): the "
                        f"reference now gives {describe(now['expected'])} but {EXPECTED_FILE} "
                        f"pins {describe(was['expected'])}; {_UPDATE}"
                    )
                    break
    return messages


def grade_every_case(grader: Grader, exercise: Exercise, code: str) -> GradeReport:
    """Grade on fixed probes and every pool item, in runs of at most ``CHECK_BATCH`` cases.

    Stops at the first run that does not pass (its verdict is the result): a wrong
    solution is rejected as soon as one case catches it. Tests are all runs' tests.
    """
    cases = grader.plan(exercise, every_case=True)
    fixed = [case for case in cases if not case.probe.randomised]
    pooled = [case for case in cases if case.probe.randomised]
    batches: list[list[Case]] = [fixed + pooled[:CHECK_BATCH]]
    rest = range(CHECK_BATCH, len(pooled), CHECK_BATCH)
    batches += [pooled[start : start + CHECK_BATCH] for start in rest]
    reports = []
    for batch in batches:
        reports.append(grader.grade(exercise, code, cases=batch))
        if reports[-1].verdict is not Verdict.PASSED:
            break
    last = reports[-1]
    return GradeReport(
        last.verdict,
        [test for report in reports for test in report.tests],
        last.summary,
        traceback=last.traceback,
    )


def failing_tests(report: GradeReport) -> list[str]:
    return [test.name for test in report.tests if test.status is not TestStatus.PASSED]


def topics_line(catalog: Catalog) -> str:
    """``topics: P/N practised, T/N taught``: practised = claimed by an exercise's concepts."""
    known = {topic.id for topic in catalog.topics}
    practised = {c for exercise in catalog.exercises for c in exercise.concepts} & known
    taught = ({t for lesson in catalog.lessons for t in lesson.topics} & known) | practised
    total = len(known)
    return f"topics: {len(practised)}/{total} practised, {len(taught)}/{total} taught"
