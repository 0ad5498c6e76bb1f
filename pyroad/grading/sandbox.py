"""The contract between the grader and whatever isolates learner code.

A ``Sandbox`` runs one ``Job`` (learner code plus probes, never expectations) under
``Limits`` and reports what happened as a ``RunOutcome``: the harness's events and how the
process ended. Implementations: ``subprocess_sandbox`` (plain child process with rlimits)
and the hardened, warm implementation of the sandbox issue. Callers see only this module.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

Event = dict[str, Any]
EventCallback = Callable[[Event], None]


@dataclass(frozen=True)
class Limits:
    """Resource limits for one run. Defaults suit a small exercise."""

    wall_s: float = 5.0
    cpu_s: float = 4.0
    memory_mb: int = 256
    output_bytes: int = 1_000_000
    processes: int = 32
    open_files: int = 64
    file_size_mb: int = 8
    scratch_mb: int = 16


@dataclass(frozen=True)
class Job:
    """What the sandbox runs. Contains no expected values, by design."""

    kind: str
    code: str
    tests: tuple[tuple[str, str], ...]
    setup: str = ""
    setup_repo: str = ""
    # A learner's own run (kinds ``run`` and ``request``): what it reads, what it is sent.
    stdin: str = ""
    request: dict[str, Any] | None = field(default=None, hash=False)
    stop_after_s: float = 0.0  # the run stops itself then, keeping its output (0: never)

    def to_message(self, workdir: str) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "code": self.code,
            "setup": self.setup,
            "setup_repo": self.setup_repo,
            "stdin": self.stdin,
            "request": self.request,
            "stop_after_s": self.stop_after_s,
            "tests": [{"name": name, "code": code} for name, code in self.tests],
            "workdir": workdir,
        }


class RunStatus(enum.StrEnum):
    COMPLETED = "completed"  # the harness finished (the verdict is still to be decided)
    TIMEOUT = "timeout"  # wall clock or CPU time ran out
    MEMORY = "memory"  # the address-space limit was hit
    OUTPUT_LIMIT = "output-limit"  # too much output
    CRASHED = "crashed"  # the process died without finishing (signal, os._exit, …)


@dataclass
class RunOutcome:
    status: RunStatus
    events: list[Event] = field(default_factory=list)
    detail: str = ""
    duration_ms: float = 0.0


class SandboxUnavailable(RuntimeError):
    """The host cannot provide the isolation grading requires; the message says what to fix."""


class Sandbox(Protocol):
    def run(self, job: Job, limits: Limits, on_event: EventCallback | None = None) -> RunOutcome:
        """Run ``job`` confined by ``limits``; call ``on_event`` for each harness event."""
        ...

    def close(self) -> None:
        """Release warm processes or other resources."""
        ...
