"""Grade learner code for an exercise: run it in the sandbox, compare, explain.

Expectations are the reference solution's observations of the same probes, computed once
per exercise version (in the same sandbox) and kept on the trusted side. The learner's run
receives only probe code; the verdict is decided here.
"""

from __future__ import annotations

import enum
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pyroad.curriculum.model import Exercise, Probe
from pyroad.grading import hidden
from pyroad.grading import pools as pools_module
from pyroad.grading.compare import Encoded, describe, first_difference, is_exception, matches
from pyroad.grading.explain import explain_exception
from pyroad.grading.sandbox import Event, Job, Limits, RunOutcome, RunStatus, Sandbox


class Verdict(enum.StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"
    TIMEOUT = "timeout"
    MEMORY = "memory"
    OUTPUT_LIMIT = "output-limit"
    INTERNAL = "internal"


class TestStatus(enum.StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"
    NOT_RUN = "not-run"


@dataclass(frozen=True)
class TestResult:
    name: str
    status: TestStatus
    message: str = ""
    stdout: str = ""
    traceback: str = ""
    hidden: bool = False


@dataclass
class GradeReport:
    verdict: Verdict
    tests: list[TestResult] = field(default_factory=list)
    summary: str = ""
    traceback: str = ""
    explanation: str = ""
    stdout: str = ""
    duration_ms: float = 0.0

    @property
    def passed_count(self) -> int:
        return sum(1 for t in self.tests if t.status is TestStatus.PASSED)


class ExerciseBroken(Exception):
    """The reference solution does not run cleanly: a content bug, not the learner's."""


TestCallback = Callable[[TestResult], None]


@dataclass(frozen=True)
class Expectations:
    """What the reference observed: per fixed probe, and per randomised probe its pool."""

    tests: dict[str, Encoded]
    pools: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


@dataclass(frozen=True)
class Case:
    """One test result's worth of work: a probe, its code as run, the expected observation."""

    name: str
    probe: Probe
    code: str
    expected: Encoded


class Grader:
    """Grades code for exercises using one sandbox; thread-safe."""

    def __init__(self, sandbox: Sandbox, base_limits: Limits | None = None) -> None:
        self.sandbox = sandbox
        self.base_limits = base_limits or Limits()
        self._expectations: dict[str, Expectations] = {}
        self._lock = threading.Lock()

    def limits_for(self, exercise: Exercise) -> Limits:
        base = self.base_limits
        return Limits(
            wall_s=exercise.limits.time_s,
            cpu_s=max(1.0, exercise.limits.time_s - 0.5),
            memory_mb=exercise.limits.memory_mb,
            output_bytes=base.output_bytes,
            processes=base.processes,
            open_files=base.open_files,
            file_size_mb=base.file_size_mb,
            scratch_mb=base.scratch_mb,
        )

    def expectations(self, exercise: Exercise) -> Expectations:
        """What each probe must observe: pinned in expected.json, else the reference's (cached)."""
        fixed = {p.name for p in exercise.tests if not p.randomised}
        randomised = {p.name for p in exercise.tests if p.randomised}
        pools = exercise.pinned_pools or {}
        if (
            exercise.pinned is not None
            and set(exercise.pinned) == fixed
            and randomised <= {name for name, cases in pools.items() if cases}
        ):
            return Expectations(exercise.pinned, {name: pools[name] for name in randomised})
        key = f"{exercise.slug}:{exercise.fingerprint}"
        cached = self._expectations.get(key)
        if cached is None:
            cached = Expectations(
                self.reference_observations(exercise), self.reference_pools(exercise)
            )
            with self._lock:
                self._expectations[key] = cached
        return cached

    def reference_observations(self, exercise: Exercise) -> dict[str, Encoded]:
        """Run the reference solution through every fixed probe (in the learners' sandbox)."""
        fixed = [probe for probe in exercise.tests if not probe.randomised]
        job = _job(exercise, exercise.solution, [(p.name, p.code) for p in fixed])
        return self._reference_run(exercise, job, len(fixed))

    def reference_pools(self, exercise: Exercise) -> dict[str, list[dict[str, Any]]]:
        """Build each randomised probe's pool, then observe the reference on every item."""
        pools: dict[str, list[dict[str, Any]]] = {}
        for probe in exercise.tests:
            if not probe.randomised:
                continue
            job = pools_module.pool_job(exercise, probe, exercise.solution)
            try:
                items = pools_module.read_pool(
                    probe, self.sandbox.run(job, self.limits_for(exercise))
                )
            except pools_module.PoolError as error:
                raise ExerciseBroken(f"{exercise.slug}: {error}") from None
            cases: list[dict[str, Any]] = []
            for start in range(0, len(items), pools_module.CHUNK):
                chunk = items[start : start + pools_module.CHUNK]
                names = [str(start + offset) for offset in range(len(chunk))]
                tests = [
                    (name, pools_module.case_code(probe, item))
                    for name, item in zip(names, chunk, strict=True)
                ]
                observed = self._reference_run(
                    exercise, _job(exercise, exercise.solution, tests), len(tests)
                )
                cases += [
                    {"case": item, "expected": observed[name]}
                    for name, item in zip(names, chunk, strict=True)
                ]
            pools[probe.name] = cases
        return pools

    def _reference_run(self, exercise: Exercise, job: Job, count: int) -> dict[str, Encoded]:
        outcome = self.sandbox.run(job, self.limits_for(exercise))
        observed = {
            e["name"]: e.get("observed") for e in outcome.events if e.get("event") == "test"
        }
        load_error = next((e for e in outcome.events if e.get("event") == "load_error"), None)
        if outcome.status is not RunStatus.COMPLETED or load_error or len(observed) != count:
            reason = load_error.get("traceback") if load_error else outcome.detail
            raise ExerciseBroken(
                f"{exercise.slug}: the reference solution did not run cleanly "
                f"({outcome.status}): {reason}"
            )
        return observed

    def plan(self, exercise: Exercise, seed: int = 0, *, every_case: bool = False) -> list[Case]:
        """The tests one run makes: fixed probes, and ``sample`` pool items drawn with ``seed``.

        ``every_case`` runs every pool item instead (the gate), so a wrong solution that
        fails only on rare inputs is found deterministically.
        """
        expected = self.expectations(exercise)
        cases: list[Case] = []
        for probe in exercise.tests:
            if not probe.randomised:
                cases.append(Case(probe.name, probe, probe.code, expected.tests.get(probe.name)))
                continue
            pool = expected.pools.get(probe.name, [])
            picks = (
                list(range(len(pool)))
                if every_case
                else pools_module.draw(probe, len(pool), seed)
            )
            for number, index in enumerate(picks, start=1):
                label = f"case {index + 1}" if every_case else f"{number} of {len(picks)}"
                cases.append(
                    Case(
                        f"{probe.name} ({label})",
                        probe,
                        pools_module.case_code(probe, pool[index]["case"]),
                        pool[index]["expected"],
                    )
                )
        return cases

    def grade(
        self,
        exercise: Exercise,
        code: str,
        on_test: TestCallback | None = None,
        *,
        seed: int = 0,
        cases: list[Case] | None = None,
    ) -> GradeReport:
        """Grade ``code``; ``seed`` picks the randomised probes' items (stored per submission)."""
        planned = cases if cases is not None else self.plan(exercise, seed)
        judge = _Judge(exercise, code)
        by_name = {case.name: case for case in planned}

        def forward(event: Event) -> None:
            if on_test and event.get("event") == "test" and event.get("name") in by_name:
                on_test(judge(by_name[event["name"]], event))

        job = _job(exercise, code, [(case.name, case.code) for case in planned])
        outcome = self.sandbox.run(job, self.limits_for(exercise), forward)
        report = _report(exercise, planned, judge, outcome)
        report.duration_ms = outcome.duration_ms
        return report


def _job(exercise: Exercise, code: str, tests: list[tuple[str, str]]) -> Job:
    return Job(
        kind=exercise.kind.value,
        code=code,
        tests=tuple(tests),
        setup=exercise.setup,
        setup_repo=exercise.setup_repo,
    )


class _Judge:
    """Decides each test on the trusted side; hidden tests say the rule and nothing else."""

    def __init__(self, exercise: Exercise, code: str) -> None:
        self.code = code
        self.names = hidden.speakable_names(
            code, exercise.solution, exercise.setup, exercise.statement
        )

    def __call__(self, case: Case, event: Event) -> TestResult:
        if case.probe.visible:
            return _judge_visible(case, event)
        return self.hidden(case, event)

    def hidden(self, case: Case, event: Event) -> TestResult:
        """Only ``message``: no call, input, expected, got, printed output or error message."""
        want: Any = case.expected
        got: Any = event.get("observed")
        if matches(want, got):
            return TestResult(case.name, TestStatus.PASSED, hidden=True)
        rule = case.probe.message
        if is_exception(got) and not is_exception(want):
            name = hidden.exception_name(got, self.names)
            trace = hidden.learner_traceback(event.get("traceback", ""), self.code, name)
            if trace:
                message = (
                    f"{rule}\nYour code raised {name}{hidden.where_raised(trace)} in this test. "
                    f"{hidden.HIDDEN_NOTE}"
                )
                return TestResult(
                    case.name, TestStatus.ERROR, message, traceback=trace, hidden=True
                )
            message = (
                f"{rule}\nThe test could not use what your code produced ({name}). "
                f"{hidden.HIDDEN_NOTE}"
            )
            return TestResult(case.name, TestStatus.FAILED, message, hidden=True)
        message = f"{rule}\n{hidden.HIDDEN_NOTE}"
        return TestResult(case.name, TestStatus.FAILED, message, hidden=True)


def _judge_visible(case: Case, event: Event) -> TestResult:
    """An example test: the call, the expected value and what the learner's code gave."""
    probe = case.probe
    want: Any = case.expected
    got: Any = event.get("observed")
    stdout = str(event.get("stdout", ""))[:4000]
    if matches(want, got):
        return TestResult(case.name, TestStatus.PASSED, stdout=stdout)
    call = probe.code.strip()
    shown = f"`{call}`" if "\n" not in call and len(call) < 120 else "the test"
    learner_frames = str(event.get("traceback", "")).startswith("Traceback")
    if is_exception(got) and not is_exception(want) and not learner_frames:
        # Raised in the test's own code, about what the learner's code gave back.
        name = got[1][0] if got[1] else "Exception"
        message = (
            f"{probe.message}\n{shown} should give {describe(want)}, but the test could not "
            f"use what your code produced ({name}: {got[2]}). Check what your code returns "
            "or prints."
        )
        return TestResult(case.name, TestStatus.FAILED, message, stdout)
    if is_exception(got) and not is_exception(want):
        name = got[1][0] if got[1] else "Exception"
        message = (
            f"{probe.message}\n{shown} should give {describe(want)}, "
            f"but your code raised {name}: {got[2]}"
        )
        return TestResult(
            case.name, TestStatus.ERROR, message.strip(), stdout, str(event.get("traceback", ""))
        )
    if is_exception(want):
        wanted = want[1][0] if want[1] else "an exception"
        outcome = (
            f"it raised {describe(got).removeprefix('raised ')}"
            if is_exception(got)
            else f"it returned {describe(got)}"
        )
        message = f"{probe.message}\n{shown} should raise {wanted}, but {outcome}."
    elif _multiline_text(want, got):
        message = (
            f"{probe.message}\n{shown} should give:\n{_block(want[1])}\n"
            f"but it gave:\n{_block(got[1])}"
        )
    else:
        message = (
            f"{probe.message}\nExpected {shown} to give {describe(want)}, "
            f"but it gave {describe(got)}."
        )
        difference = first_difference(want, got)
        if difference:
            message += f"\nFirst difference: {difference}."
    return TestResult(case.name, TestStatus.FAILED, message, stdout)


def _multiline_text(want: Any, got: Any) -> bool:
    """Both observations are text and one spans lines: show them as blocks, not reprs."""
    texts = [v for v in (want, got) if isinstance(v, list) and len(v) == 2 and v[0] == "str"]
    return len(texts) == 2 and any("\n" in v[1] for v in texts)


def _block(text: str) -> str:
    if not text:
        return "    (nothing)"
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return "\n".join(f"    {line}" if line else "    " for line in lines)


def _report(
    exercise: Exercise, cases: list[Case], judge: _Judge, outcome: RunOutcome
) -> GradeReport:
    by_name = {case.name: case for case in cases}
    results: dict[str, TestResult] = {}
    load_error: Event | None = None
    stdout = ""
    for event in outcome.events:
        kind = event.get("event")
        if kind == "test" and event.get("name") in by_name and event["name"] not in results:
            results[event["name"]] = judge(by_name[event["name"]], event)
        elif results:
            continue  # the load happens before any test: a later load event is forged
        elif kind == "load_error" and load_error is None:
            load_error = event
        elif kind == "loaded":
            stdout = str(event.get("stdout", ""))[:4000]
    tests = [
        results.get(case.name)
        or TestResult(
            case.name,
            TestStatus.NOT_RUN,
            _not_run_reason(outcome.status),
            hidden=not case.probe.visible,
        )
        for case in cases
    ]
    memory_hit = any(
        is_exception(e.get("observed") or e.get("error")) and "MemoryError" in _names(e)
        for e in outcome.events
    )
    if outcome.status is RunStatus.TIMEOUT:
        return GradeReport(
            Verdict.TIMEOUT,
            _mark_running(
                tests, "Time ran out during this test: it (or your code it calls) took too long."
            ),
            _TIMEOUT.format(s=exercise.limits.time_s),
            stdout=stdout,
        )
    if outcome.status is RunStatus.MEMORY or memory_hit:
        return GradeReport(
            Verdict.MEMORY, tests, _MEMORY.format(mb=exercise.limits.memory_mb), stdout=stdout
        )
    if outcome.status is RunStatus.OUTPUT_LIMIT:
        return GradeReport(Verdict.OUTPUT_LIMIT, tests, _OUTPUT, stdout=stdout)
    if load_error is not None:
        noun = "commands" if exercise.kind == "git" else "code"
        error = load_error.get("error") or ["raise", ["Exception"], ""]
        name = (
            error[1][0] if isinstance(error, list) and len(error) > 1 and error[1] else "Exception"
        )
        return GradeReport(
            Verdict.ERROR,
            [
                TestResult(
                    t.name,
                    TestStatus.NOT_RUN,
                    f"Not run: your {noun} did not {'finish' if noun == 'commands' else 'load'}.",
                    hidden=t.hidden,
                )
                for t in tests
            ],
            f"Your {noun} stopped with {name} before any test could run.",
            traceback=str(load_error.get("traceback", "")),
            explanation=explain_exception(name),
            stdout=str(load_error.get("stdout", ""))[:4000],
        )
    if outcome.status is RunStatus.CRASHED or len(results) < len(cases):
        return GradeReport(Verdict.ERROR, tests, _CRASHED, stdout=stdout)
    passed = sum(1 for t in tests if t.status is TestStatus.PASSED)
    if passed == len(tests):
        return GradeReport(Verdict.PASSED, tests, f"All {len(tests)} tests passed.", stdout=stdout)
    errors = [t for t in tests if t.status is TestStatus.ERROR]
    if len(errors) == len(tests):
        # The same crash everywhere: say it once, as an error, not as "some tests failed".
        return GradeReport(
            Verdict.ERROR,
            tests,
            f"Your code raised an exception in every test ({len(tests)} of {len(tests)}).",
            traceback=errors[0].traceback,
            explanation=explain_exception(_exception_name(errors[0].traceback)),
            stdout=stdout,
        )
    # What the first exception means, said once for the whole run rather than per test.
    explanation = explain_exception(_exception_name(errors[0].traceback)) if errors else ""
    return GradeReport(
        Verdict.FAILED,
        tests,
        f"{passed} of {len(tests)} tests passed.",
        explanation=explanation,
        stdout=stdout,
    )


def _mark_running(tests: list[TestResult], message: str) -> list[TestResult]:
    """The first test that did not finish was the one running when the run was stopped."""
    for index, test in enumerate(tests):
        if test.status is TestStatus.NOT_RUN:
            return [
                *tests[:index],
                TestResult(test.name, TestStatus.ERROR, message, hidden=test.hidden),
                *tests[index + 1 :],
            ]
    return tests


def _exception_name(traceback: str) -> str:
    """``ValueError`` from a traceback's last line ``ValueError: message``."""
    last = traceback.strip().splitlines()[-1] if traceback.strip() else ""
    return last.split(":", 1)[0].rsplit(".", 1)[-1] or "Exception"


def _names(event: Event) -> list[str]:
    value: Any = event.get("observed") or event.get("error")
    return list(value[1]) if isinstance(value, list) and len(value) > 1 else []


def _not_run_reason(status: RunStatus) -> str:
    return {
        RunStatus.TIMEOUT: "Not run: time ran out before this test.",
        RunStatus.MEMORY: "Not run: the memory limit was hit before this test.",
        RunStatus.OUTPUT_LIMIT: "Not run: too much output was printed before this test.",
    }.get(status, "Not run: the program stopped before this test.")


_TIMEOUT = (
    "Time limit exceeded: your code ran for more than {s:g} seconds. Look for a loop that never "
    "ends (a while loop whose condition never becomes false) or work repeated far too often."
)
_MEMORY = (
    "Memory limit exceeded: your code used more than {mb} MB. Look for a list or string that "
    "grows without bound, or recursion that never stops."
)
_OUTPUT = (
    "Output limit exceeded: your code printed far too much. "
    "Look for a print inside an endless loop."
)
_CRASHED = (
    "Your program stopped before all tests ran (it called exit, or the process was killed). "
    "Remove calls to exit() or os._exit() and let the functions return."
)
