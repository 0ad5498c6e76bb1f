"""Run a learner's code as they would run it themselves, in the sandbox grading uses.

Nothing here decides a verdict: a run reports what the program printed, raised or answered.
The sandbox is the grader's when this process grades; otherwise one is started on the first
run and closed with the platform. A semaphore keeps runs from taking every sandbox slot.
"""

from __future__ import annotations

import logging
import math
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from pyroad.config import Settings
from pyroad.curriculum.model import Exercise, ExerciseKind
from pyroad.curriculum.snippets import SNIPPET_LIMITS
from pyroad.errors import DomainError, TooManyRequests
from pyroad.grading import git_errors
from pyroad.grading.explain import Failure, explain, script_failure
from pyroad.grading.factory import make_sandbox
from pyroad.grading.grader import Grader
from pyroad.grading.pools import plain
from pyroad.grading.sandbox import Job, Limits, RunOutcome, RunStatus, Sandbox
from pyroad.running import quiet
from pyroad.running.console import has_console

log = logging.getLogger("pyroad.running")
MAX_STDOUT = 20_000
_LEARNER_LINE = re.compile(r'File "solution\.py", line (\d+)')
# The sandbox names the learner's file solution.py (grading relies on it); a learner never
# made a file of that name, so a run's traceback says whose code it is.
_SANDBOX_FILE = 'File "solution.py"'
LEARNER_FILE = 'File "your code"'
SLOT_WAIT_S = 20.0
STOP_MARGIN_S = 0.3


class RunsUnavailable(DomainError):
    """This server cannot run code right now (no sandbox could start)."""

    status = 503
    title = "Service unavailable"


@dataclass
class RunResult:
    """What a run showed: ``status`` ok | error | timeout | memory | output-limit | crashed."""

    status: str
    stdout: str = ""
    traceback: str = ""
    explanation: str = ""
    duration_ms: float = 0.0
    response: dict[str, Any] | None = field(default=None)
    reads_input: bool = False  # the code calls input() or reads sys.stdin


class Runner:
    """Runs learners' code on a sandbox it borrows (the grader's) or owns (started lazily)."""

    def __init__(self, settings: Settings, shared: Callable[[], Sandbox | None]) -> None:
        self.settings = settings
        self._shared = shared
        self._own: Sandbox | None = None
        self._lock = threading.Lock()
        self._closed = False
        # Runs share the sandbox's slots with grading: when borrowing the grader's, leave it
        # at least one slot; with a sandbox of our own, use all of its slots.
        self._borrowed_places = threading.BoundedSemaphore(max(1, settings.workers - 1))
        self._own_places = threading.BoundedSemaphore(settings.workers)

    def sandbox(self) -> tuple[Sandbox, threading.BoundedSemaphore]:
        shared = self._shared()
        if shared is not None:
            return shared, self._borrowed_places
        with self._lock:
            if self._closed:
                raise RunsUnavailable("the server is shutting down; try again in a moment")
            if self._own is None:
                try:
                    self._own = make_sandbox(self.settings)
                except Exception:
                    # The reason names host paths (cgroups, runtime): the log gets it, not learners.
                    log.exception("the sandbox for learners' runs could not start")
                    raise RunsUnavailable(
                        "code cannot run on this server right now: the sandbox is unavailable "
                        "(the server's log says why)"
                    ) from None
            return self._own, self._own_places

    @property
    def has_own_sandbox(self) -> bool:
        """True while a sandbox started for runs is up (never when borrowing the grader's)."""
        return self._own is not None

    def close(self) -> None:
        with self._lock:
            self._closed = True
            own, self._own = self._own, None
        if own is not None:
            own.close()

    def _run(self, job: Job, exercise: Exercise | None) -> tuple[RunOutcome, Limits]:
        sandbox, places = self.sandbox()
        # The exercise's own limits (the grader's rule), else those of a lesson's snippet.
        limits = Grader(sandbox).limits_for(exercise) if exercise else SNIPPET_LIMITS
        # The run stops itself just before the sandbox would kill it, so what it printed
        # (and the line it was running) can be shown; the sandbox's limits stay as they are.
        ceiling = min(limits.wall_s, float(math.ceil(limits.cpu_s)))
        job = replace(job, stop_after_s=max(0.1, ceiling - STOP_MARGIN_S))
        if not places.acquire(timeout=SLOT_WAIT_S):
            raise TooManyRequests(
                "every sandbox is busy with other runs; try again in a few seconds", retry_after=5
            )
        try:
            return sandbox.run(job, limits), limits
        except RuntimeError:  # the sandbox failed (SandboxError), not the code
            log.exception("a learner's run failed in the sandbox")  # its reason: the log only
            raise RunsUnavailable(
                "the sandbox could not run your code just now; try again"
            ) from None
        finally:
            places.release()

    def run(self, code: str, stdin: str = "", exercise: Exercise | None = None) -> RunResult:
        """``code`` as ``python file.py`` with ``stdin``; for a git exercise, its commands."""
        if exercise is not None and exercise.kind is ExerciseKind.GIT:
            # The grader's own git job, without probes: the same shell, repository and policy.
            job = Job(kind="git", code=code, tests=(), setup_repo=exercise.setup_repo)
        else:
            job = Job(kind="run", code=code, tests=(("run", ""),), stdin=stdin)
        outcome, limits = self._run(job, exercise)
        noun = "commands" if job.kind == "git" else "program"
        result = _result(outcome, limits, noun, _Context(code, exercise))
        if job.kind == "run":
            result.reads_input = quiet.reads_input(code)
            if result.status == "ok" and not result.stdout and not result.explanation:
                result.explanation = _quiet_run(code, exercise)
        return _named(result)

    def request(self, code: str, exercise: Exercise, request: dict[str, Any]) -> RunResult:
        """Load ``code`` as the exercise's module and send ``request`` to its web app."""
        job = Job(kind="request", code=code, tests=(("request", ""),), request=request)
        outcome, limits = self._run(job, exercise)
        return _named(_result(outcome, limits, "app", _Context(code, exercise)))


def _named(result: RunResult) -> RunResult:
    result.traceback = result.traceback.replace(_SANDBOX_FILE, LEARNER_FILE)
    return result


def _quiet_run(code: str, exercise: Exercise | None) -> str:
    """A run that printed nothing: say so when the file only defines what nothing used, or
    kept what it read without printing it."""
    names = quiet.defined_only(code)
    if not names:
        kept = quiet.stored_input(code)
        return quiet.input_kept(kept) if kept else ""
    return quiet.nothing_called(
        names,
        exercise.statement if exercise else "",
        returns=exercise is not None and exercise.kind is ExerciseKind.MODULE,
        console=exercise is not None and has_console(exercise),
    )


@dataclass(frozen=True)
class _Context:
    """What an explanation may look at: the learner's code and the exercise, if any."""

    code: str
    exercise: Exercise | None


def _result(outcome: RunOutcome, limits: Limits, noun: str, context: _Context) -> RunResult:
    events = {str(event.get("event")): event for event in outcome.events}
    stdout = "".join(
        str(events[kind].get("stdout", ""))
        for kind in ("load_error", "loaded", "test")
        if kind in events
    )
    result = RunResult("ok", _cut(stdout), duration_ms=round(outcome.duration_ms, 1))
    if outcome.status is not RunStatus.COMPLETED:
        result.status = str(outcome.status)
        result.explanation = _stopped(outcome.status, limits, noun)
        return result
    failed = events.get("load_error") or events.get("test")
    if failed is None:
        if "done" not in events:  # a git run reports only loaded and done
            result.status = str(RunStatus.CRASHED)
            result.explanation = _stopped(RunStatus.CRASHED, limits, noun)
        return result
    observed: Any = failed.get("error") or failed.get("observed")
    if noun == "app" and "observed" in failed and "error" not in failed:
        observed = _app_observation(result, observed)
    if _is_raise(observed):
        names = [str(name) for name in observed[1]]
        result.traceback = str(failed.get("traceback", ""))
        if names[0] == "TimeLimitExceeded":  # stopped by its own clock, output kept
            result.status = str(RunStatus.TIMEOUT)
            result.explanation = _stopped(RunStatus.TIMEOUT, limits, noun)
            lines = _LEARNER_LINE.findall(result.traceback)
            if lines:
                result.explanation += f" It was running line {lines[-1]} when it was stopped."
            return result
        result.status = "memory" if "MemoryError" in names else "error"
        result.explanation = _explain(names[0], observed[2], result.traceback, limits, context)
        stopped = script_failure(result.traceback) if noun == "commands" else None
        if stopped is not None:  # a git exercise's command, said without class names
            result.traceback = stopped[1]
    return result


def _app_observation(result: RunResult, observed: Any) -> Any:
    """A request's observation: ``{"response": …, "raised": …}``; sets the response."""
    try:
        value = plain(observed)
    except ValueError:
        return None
    if isinstance(value, dict):
        response = value.get("response")
        if isinstance(response, dict):
            result.response = {
                "status": int(response.get("status", 0)),
                "headers": {str(k): str(v) for k, v in response.get("headers", [])},
                "body": str(response.get("body", "")),
            }
            if response.get("truncated"):
                result.response["body"] += "\n… (body cut: only its beginning is shown)"
        raised = value.get("raised")
        return raised if isinstance(raised, list) else None
    return None


def _is_raise(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 3
        and value[0] == "raise"
        and isinstance(value[1], list)
        and bool(value[1])
    )


def _explain(name: str, detail: Any, traceback: str, limits: Limits, context: _Context) -> str:
    """The explanation a grader would give for this error, worded for a run where it differs."""
    exercise = context.exercise
    if name == "SystemExit":
        return (
            f"Your program stopped itself with `sys.exit({detail})`: a non-zero exit means "
            "failure to whoever ran it. Remove the call if the program should go on."
        )
    if name == "MemoryError":
        return _stopped(RunStatus.MEMORY, limits, "program")
    if name == "NoWebApp":
        return (
            "The request console sends requests to a web application named `app` in your "
            "code, for example `app = Flask(__name__)` or `app = FastAPI()`."
        )
    if exercise is not None and exercise.kind is ExerciseKind.GIT:
        tailored = git_errors.explain(context.code, traceback.partition(": ")[2] or str(detail))
        if tailored:
            return tailored
    kind = exercise.kind.value if exercise is not None else "program"
    if name == "EOFError" and kind == "program":
        return (
            "Your program called `input()` but there was nothing left to read. Give it the "
            "input it asks for, one line for each `input()` call (the input box beside Run, "
            "or `pyroad run FILE --stdin TEXT`), then run it again."
        )
    lines = [int(n) for n in _LEARNER_LINE.findall(traceback)]
    line = lines[-1] if lines and lines[-1] <= len(context.code.splitlines()) else None
    return explain(
        Failure(
            name=name,
            kind=kind,
            code=context.code,
            starter=exercise.starter if exercise else "",
            reference=exercise.solution if exercise else "",
            detail=str(detail or ""),
            line=line,
        )
    )


def _stopped(status: RunStatus, limits: Limits, noun: str) -> str:
    if status is RunStatus.TIMEOUT:
        return (
            f"Your {noun} ran for more than {limits.wall_s:g} seconds and was stopped. Look for "
            "a loop that never ends, or for `input()` waiting for more lines than you gave it."
        )
    if status is RunStatus.MEMORY:
        return (
            f"Your {noun} used more than {limits.memory_mb} MB of memory and was stopped. Look "
            "for a list or string that grows without end, or recursion that never stops."
        )
    if status is RunStatus.OUTPUT_LIMIT:
        return "Your program printed far too much and was stopped. Look for a print in a loop."
    return (
        f"Your {noun} stopped before it finished (it called `os._exit()`, or the process was "
        "killed)."
    )


def _cut(text: str) -> str:
    if len(text) <= MAX_STDOUT:
        return text
    return text[:MAX_STDOUT] + "\n… (output cut)\n"
