"""Grade learner code for an exercise: run it in the sandbox, compare, explain.

Expectations are the reference solution's observations of the same probes, computed once
per exercise version (in the same sandbox) and kept on the trusted side. The learner's run
receives only probe code; the verdict is decided here.

Run order: visible tests run before hidden ones, in one process per run; the report keeps
the exercise's order. A learner's code that keeps state between calls (a module-level list,
a mutable default, a cache, a shared database) can give a test a result that depends on
the tests run before it. With the visible tests first, a failing example fails the same way
from what the learner can see: `pyroad test` runs only the visible tests (hidden tests'
code never leaves the server), and the example's expected value was observed the same way.
"""

from __future__ import annotations

import enum
import re
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from pyroad.curriculum.model import Exercise, ExerciseKind, Probe
from pyroad.grading import git_errors, hidden, visible
from pyroad.grading import pools as pools_module
from pyroad.grading.compare import Encoded, is_exception, matches
from pyroad.grading.explain import (
    PRINTED_NOT_RETURNED,
    PROMPT_PRINTED,
    RETURNED_NOT_PRINTED,
    SCRIPT_ERRORS,
    Failure,
    error_words,
    explain,
    explain_exception,
    input_prompts,
    printed_instead_of_returning,
    returned_instead_of_printing,
    script_failure,
)
from pyroad.grading.sandbox import Event, Job, Limits, RunOutcome, RunStatus, Sandbox
from pyroad.grading.shows import builds_http_client, derive_shows, shows_for

_T = TypeVar("_T")


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
    """One test as the learner reads it.

    ``shows``: what the test did, in the learner's terms (Markdown; "" for hidden tests,
    whose description could carry their input). ``diff``: for two texts that differ,
    ``{"expected", "got", "at"}`` with ``at`` the index of the first differing character.
    """

    name: str
    status: TestStatus
    message: str = ""
    stdout: str = ""
    traceback: str = ""
    hidden: bool = False
    shows: str = ""
    diff: dict[str, Any] | None = field(default=None, hash=False)


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
        ordered = visible_first(fixed, lambda probe: probe.visible)
        job = _job(exercise, exercise.solution, [(p.name, p.code) for p in ordered])
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
        taken = {probe.name for probe in exercise.tests}
        cases: list[Case] = []
        for probe in exercise.tests:
            name = listed_name(probe, taken)
            if not probe.randomised:
                cases.append(Case(name, probe, probe.code, expected.tests.get(probe.name)))
                continue
            pool = expected.pools.get(probe.name, [])
            picks = (
                list(range(len(pool))) if every_case else pools_module.draw(probe, len(pool), seed)
            )
            for number, index in enumerate(picks, start=1):
                label = f"case {index + 1}" if every_case else f"{number} of {len(picks)}"
                cases.append(
                    Case(
                        f"{name} ({label})",
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
        """Grade ``code``; ``seed`` picks the randomised probes' items (stored per submission).

        The run makes the visible cases first (see the module's docstring); the report and
        ``on_test``'s results name the same tests, the report in the planned order.
        """
        planned = cases if cases is not None else self.plan(exercise, seed)
        judge = _Judge(exercise, code)
        by_name = {case.name: case for case in planned}

        def forward(event: Event) -> None:
            if on_test and event.get("event") == "test" and event.get("name") in by_name:
                on_test(judge(by_name[event["name"]], event))

        ordered = visible_first(planned, lambda case: case.probe.visible)
        job = _job(exercise, code, [(case.name, case.code) for case in ordered])
        outcome = self.sandbox.run(job, self.limits_for(exercise), forward)
        report = _report(exercise, planned, judge, outcome)
        report.duration_ms = outcome.duration_ms
        return report


def visible_first(items: list[_T], visible: Callable[[_T], bool]) -> list[_T]:
    """The order a run makes its tests in: visible ones first, each group in its own order."""
    return [item for item in items if visible(item)] + [item for item in items if not visible(item)]


_HIDDEN_WORD = re.compile(r"[\s(\[-]+hidden[)\]]?$", re.IGNORECASE)


def listed_name(probe: Probe, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """The name a test is listed by: the probe's, but for a hidden probe whose name ends in
    the word "hidden" ("float noise hidden"), that word is left out — the page and the CLI
    mark every hidden test "hidden" already. The probe keeps its name (pinned expectations
    and caches use it); another probe's name is never taken.
    """
    if probe.visible:
        return probe.name
    trimmed = _HIDDEN_WORD.sub("", probe.name).strip()
    return trimmed if trimmed and trimmed not in taken else probe.name


def _job(exercise: Exercise, code: str, tests: list[tuple[str, str]]) -> Job:
    return Job(
        kind=exercise.kind.value,
        code=code,
        tests=tuple(tests),
        setup=exercise.setup,
        setup_repo=exercise.setup_repo,
    )


def shown_for(probe: Probe, exercise: Exercise) -> visible.Shown:
    """How a visible probe is presented: what it did, whether its result is returned, printed
    or looked at, its labels, and whether values read as JSON (a web exercise)."""
    derived = derive_shows(probe, exercise) or ""
    if exercise.kind is ExerciseKind.PROGRAM:
        mode = "program"
    elif derived.startswith("calls "):
        mode = "call"
    else:
        mode = "other"
    return visible.Shown(
        shows_for(probe, exercise),
        mode,
        probe.labels,
        probe.message,
        web=builds_http_client(exercise),
    )


class _Judge:
    """Decides each test on the trusted side; hidden tests say the rule and nothing else.

    It also keeps, per failing test, the explanation the report shows once (the first
    failing test's): a tailored one for the commonest beginner errors when it applies.
    """

    def __init__(self, exercise: Exercise, code: str) -> None:
        self.exercise = exercise
        self.code = code
        self.names = hidden.speakable_names(
            code, exercise.solution, exercise.setup, exercise.statement
        )
        self.explanations: dict[str, str] = {}
        # Per erroring test: the exception's name, the learner's line and (visible tests
        # only; None for hidden ones) its message, so a repeated error is said once.
        self.errors: dict[str, tuple[str, int | None, str | None]] = {}
        self._shown: dict[str, visible.Shown] = {}

    def __call__(self, case: Case, event: Event) -> TestResult:
        if case.probe.visible:
            return self.visible(case, event)
        return self.hidden(case, event)

    def shows(self, probe: Probe) -> str:
        """What a visible test did, for the learner; never a hidden test's (it may hold input)."""
        return self.shown(probe).shows if probe.visible else ""

    def shown(self, probe: Probe) -> visible.Shown:
        found = self._shown.get(probe.name)
        if found is None:
            found = self._shown[probe.name] = shown_for(probe, self.exercise)
        return found

    def failure(
        self,
        name: str,
        detail: object,
        traceback: str,
        *,
        at_load: bool = False,
        hidden: bool = False,
    ) -> str:
        """The explanation of an error: tailored when it is a common beginner one."""
        # git_errors reads the whole message: never one from a hidden test, which may carry data.
        if self.exercise.kind.value == "git" and not hidden:
            message = traceback.partition(": ")[2] or str(detail or "")
            tailored = git_errors.explain(self.code, message)
            if tailored:
                return tailored
        return explain(
            Failure(
                name=name,
                kind=self.exercise.kind.value,
                code=self.code,
                starter=self.exercise.starter,
                reference=self.exercise.solution,
                detail=str(detail or ""),
                line=_learner_line(traceback, self.code),
                at_load=at_load,
                hidden=hidden,
            )
        )

    def visible(self, case: Case, event: Event) -> TestResult:
        """An example test: what it did, the expected value and what the learner's code gave."""
        want: Any = case.expected
        got: Any = event.get("observed")
        stdout = str(event.get("stdout", ""))[:4000]
        shown = self.shown(case.probe)
        if matches(want, got):
            return TestResult(case.name, TestStatus.PASSED, stdout=stdout, shows=shown.shows)
        traceback = str(event.get("traceback", ""))
        learner_frames = traceback.startswith("Traceback")
        verdict = visible.failure(
            shown,
            want,
            got,
            stdout=stdout,
            learner_frames=learner_frames,
            kind=self.exercise.kind.value,
            learner_code=self.code,
        )
        explanation = verdict.explanation
        if not explanation and is_exception(got) and not is_exception(want) and verdict.error:
            name = got[1][0] if got[1] else "Exception"
            explanation = self.failure(name, got[2] if len(got) > 2 else "", traceback)
        if explanation:
            self.explanations[case.name] = explanation
        if verdict.error and is_exception(got):
            self.errors[case.name] = (
                str(got[1][0]) if got[1] else "Exception",
                _learner_line(traceback, self.code),
                str(got[2]) if len(got) > 2 else "",
            )
        message = "\n\n".join(
            part
            for part in (visible.lead(shown, case.probe.code), verdict.message, shown.rule)
            if part
        )
        return TestResult(
            case.name,
            TestStatus.ERROR if verdict.error else TestStatus.FAILED,
            message,
            stdout,
            traceback if verdict.error else "",
            shows=shown.shows,
            diff=verdict.diff,
        )

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
                # Said from trusted parts only: the type name, the learner's line, their code.
                self.explanations[case.name] = self.failure(name, got[2], trace, hidden=True)
                self.errors[case.name] = (name, _learner_line(trace, self.code), None)
                raised = (
                    f"In this test, {error_words(name)}{hidden.where_raised(trace)}."
                    if name in SCRIPT_ERRORS
                    else f"Your code raised {name}{hidden.where_raised(trace)} in this test."
                )
                message = f"{rule}\n\n{raised} {hidden.HIDDEN_NOTE}"
                return TestResult(
                    case.name, TestStatus.ERROR, message, traceback=trace, hidden=True
                )
            message = (
                f"{rule}\n\nThe test could not use what your code produced ({name}). "
                f"{hidden.HIDDEN_NOTE}"
            )
            return TestResult(case.name, TestStatus.FAILED, message, hidden=True)
        message = f"{rule}\n\n{self._hidden_fact(want, got, event)}{hidden.HIDDEN_NOTE}"
        return TestResult(case.name, TestStatus.FAILED, message, hidden=True)

    def _hidden_fact(self, want: Any, got: Any, event: Event) -> str:
        """A bit about the learner's own run worth saying (printed, returned), never data."""
        kind = self.exercise.kind
        printed = bool(str(event.get("stdout", "")).strip())
        if (
            kind is ExerciseKind.MODULE
            and got == ["none"]
            and printed
            and not is_exception(want)
            and printed_instead_of_returning(self.code)
        ):
            self.explanations.setdefault(_FIRST, PRINTED_NOT_RETURNED)
            return (
                "Your function returned `None` and printed something: did it print the answer "
                "instead of returning it? "
            )
        if (
            kind is ExerciseKind.PROGRAM
            and got == ["str", ""]
            and isinstance(want, list)
            and want[:1] == ["str"]
            and returned_instead_of_printing(self.code)
        ):
            self.explanations.setdefault(_FIRST, RETURNED_NOT_PRINTED)
            return "Your program printed nothing in this test. "
        if (
            kind is ExerciseKind.PROGRAM
            and input_prompts(self.code)
            and not input_prompts(self.exercise.solution)
        ):
            # Read from the code alone (no output is looked at): prompts are printed too.
            self.explanations.setdefault(_FIRST, PROMPT_PRINTED)
        return ""


_FIRST = "\0hidden"  # a fact from hidden tests, used when no test has an explanation of its own
_SOLUTION_LINE = re.compile(r'File "solution\.py", line (\d+)')


def _learner_line(traceback: str, code: str) -> int | None:
    """The last line of the learner's file in a traceback, if it exists in their code."""
    numbers = [int(n) for n in _SOLUTION_LINE.findall(traceback)]
    count = len(code.splitlines())
    numbers = [n for n in numbers if 1 <= n <= count]
    return numbers[-1] if numbers else None


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
            shows=judge.shows(case.probe),
        )
        for case in cases
    ]
    tests = _said_once(tests, cases, judge)
    memory_hit = any(
        is_exception(e.get("observed") or e.get("error")) and "MemoryError" in _names(e)
        for e in outcome.events
    )
    if outcome.status is RunStatus.TIMEOUT:
        return GradeReport(
            Verdict.TIMEOUT,
            _mark_running(
                tests,
                [case.probe.visible for case in cases],
                "Time ran out during this test: it (or your code it calls) took too long.",
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
        traceback = str(load_error.get("traceback", ""))
        detail = error[2] if isinstance(error, list) and len(error) > 2 else ""
        summary = f"Your {noun} stopped with {name} before any test could run."
        explanation = judge.failure(name, detail, traceback, at_load=True)
        stopped = script_failure(traceback) if exercise.kind == "git" else None
        if stopped is not None:  # "stopped at line 2: a git command failed", no class names
            summary, traceback = stopped
        return GradeReport(
            Verdict.ERROR,
            [
                TestResult(
                    t.name,
                    TestStatus.NOT_RUN,
                    f"Not run: your {noun} did not {'finish' if noun == 'commands' else 'load'}.",
                    hidden=t.hidden,
                    shows=t.shows,
                )
                for t in tests
            ],
            summary,
            traceback=traceback,
            explanation=explanation,
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
            f"Your code raised an exception in every test ({len(tests)} of {len(tests)})"
            + (f": {same}." if (same := _same_error(tests, judge)) else "."),
            traceback=errors[0].traceback,
            explanation=_explanation(tests, judge),
            stdout=stdout,
        )
    return GradeReport(
        Verdict.FAILED,
        tests,
        f"{passed} of {len(tests)} tests passed.",
        explanation=_explanation(tests, judge),
        stdout=stdout,
    )


def _said_once(tests: list[TestResult], cases: list[Case], judge: _Judge) -> list[TestResult]:
    """Failures said once, in the messages only (every test keeps its entry and status).

    - An error already said by an earlier test (same exception, same line of the learner's
      code, and for visible tests the same message) reads "the same error as in “…” above".
      A hidden test says only what its own message says anyway: the name and the line.
    - Random cases of one test that fail with the same message: the first says how many
      ("5 of 8 random cases failed: <rule>"), the others point at it.
    - "(A hidden test: its input … not shown.)" is said by the first failing hidden test.
    """
    probes = {case.name: case.probe for case in cases}
    runs = Counter(case.probe.name for case in cases if case.probe.randomised)
    random_first: dict[tuple[str, str], int] = {}  # (probe, message) -> index in ``said``
    random_count: Counter[tuple[str, str]] = Counter()
    any_error: dict[tuple[str, int | None], str] = {}
    visible_error: dict[tuple[str, int | None, str], str] = {}
    said: list[TestResult] = []
    for test in tests:
        probe = probes.get(test.name)
        if probe is None or test.status not in (TestStatus.FAILED, TestStatus.ERROR):
            said.append(test)
            continue
        if probe.randomised:
            key = (probe.name, test.message)
            random_count[key] += 1
            if key in random_first:
                named = said[random_first[key]].name
                said.append(replace(test, message=f"Same failure as “{named}” above."))
                continue
            random_first[key] = len(said)
        message = test.message
        error = judge.errors.get(test.name)
        if error is not None:
            name, line, detail = error
            where = error_words(name, line)
            earlier = (
                any_error.get((name, line))
                if detail is None
                else visible_error.get((name, line, detail))
            )
            if earlier is not None:
                same = f"Your code raised the same error as in “{earlier}” above ({where})."
                message = f"{probe.message}\n\n{same}" if detail is None else same
            any_error.setdefault((name, line), test.name)
            if detail is not None:
                visible_error.setdefault((name, line, detail), test.name)
        said.append(replace(test, message=message) if message != test.message else test)
    for (probe_name, original), index in random_first.items():
        count = random_count[(probe_name, original)]
        if count > 1:
            first = said[index]
            message = f"{count} of {runs[probe_name]} random cases failed: {first.message}"
            said[index] = replace(first, message=message)
    # What a hidden test withholds is said by the first failing one; the others are marked.
    noted = False
    for index, test in enumerate(said):
        if hidden.HIDDEN_NOTE in test.message:
            if noted:
                said[index] = replace(
                    test, message=test.message.replace(hidden.HIDDEN_NOTE, "").rstrip()
                )
            noted = True
    return said


def _same_error(tests: list[TestResult], judge: _Judge) -> str:
    """ "`NameError` on line 2" when every test raised it there, else ""."""
    found = {judge.errors[t.name][:2] for t in tests if t.name in judge.errors}
    if len(found) != 1 or not all(t.name in judge.errors for t in tests):
        return ""
    name, line = found.pop()
    return error_words(name, line)


def _explanation(tests: list[TestResult], judge: _Judge) -> str:
    """What the first failure means, said once for the whole run rather than per test.

    The first failing test with an explanation of its own (an error, or a tailored one such
    as printing instead of returning), else a fact seen in hidden tests, else the meaning of
    the first error's type.
    """
    for test in tests:
        if test.status is not TestStatus.PASSED and test.name in judge.explanations:
            return judge.explanations[test.name]
    if _FIRST in judge.explanations:
        return judge.explanations[_FIRST]
    errors = [t for t in tests if t.status is TestStatus.ERROR]
    return explain_exception(_exception_name(errors[0].traceback)) if errors else ""


def _mark_running(tests: list[TestResult], visible: list[bool], message: str) -> list[TestResult]:
    """The first test that did not finish, in the order the run made them (visible tests
    first), was the one running when the run was stopped."""
    order = visible_first(list(range(len(tests))), lambda index: visible[index])
    for index in order:
        test = tests[index]
        if test.status is TestStatus.NOT_RUN:
            return [
                *tests[:index],
                TestResult(
                    test.name, TestStatus.ERROR, message, hidden=test.hidden, shows=test.shows
                ),
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
    "Remove calls to `exit()` or `os._exit()` and let the functions return."
)
