"""The first, unhardened sandbox: a fresh interpreter per run with rlimits and a timeout.

It gives process separation, CPU/memory/file-size/output limits, an empty environment and
a private scratch directory, but no namespaces: learner code can still reach the network
and the file system. It therefore refuses to run unless explicitly allowed with
``PYROAD_UNSAFE_DEV_SANDBOX=1`` (see ``pyroad.grading.factory``).
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pyroad.grading import harness
from pyroad.grading.sandbox import Event, EventCallback, Job, Limits, RunOutcome, RunStatus

HARNESS_PATH = Path(harness.__file__).resolve()


class SubprocessSandbox:
    """One fresh ``python -I harness.py`` per run."""

    def __init__(self, python: str | None = None) -> None:
        self.python = python or sys.executable

    def run(self, job: Job, limits: Limits, on_event: EventCallback | None = None) -> RunOutcome:
        started = time.perf_counter()
        scratch = tempfile.mkdtemp(prefix="pyroad-run-")
        read_fd, write_fd = os.pipe()
        try:
            process = subprocess.Popen(
                [self.python, "-I", str(HARNESS_PATH), str(write_fd)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                pass_fds=(write_fd,),
                cwd=scratch,
                env={"PATH": "/usr/bin:/bin", "HOME": scratch, "LANG": "C.UTF-8"},
                start_new_session=True,
                preexec_fn=lambda: _apply_limits(limits),
            )
            os.close(write_fd)
            write_fd = -1
            assert process.stdin is not None
            try:
                process.stdin.write(json.dumps(job.to_message(scratch)).encode())
                process.stdin.close()
            except BrokenPipeError:
                pass
            outcome = _collect(process, read_fd, limits, on_event, started)
        finally:
            if write_fd >= 0:
                os.close(write_fd)
            os.close(read_fd)
            shutil.rmtree(scratch, ignore_errors=True)
        outcome.duration_ms = (time.perf_counter() - started) * 1000
        return outcome

    def close(self) -> None:
        return None


def _apply_limits(limits: Limits) -> None:
    memory = limits.memory_mb * 1024 * 1024
    cpu = max(1, int(limits.cpu_s + 0.999))
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_size_mb << 20,) * 2)
    resource.setrlimit(resource.RLIMIT_NOFILE, (limits.open_files,) * 2)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _collect(
    process: subprocess.Popen[bytes],
    read_fd: int,
    limits: Limits,
    on_event: EventCallback | None,
    started: float,
) -> RunOutcome:
    """Read events and output until the child exits or a limit is hit."""
    assert process.stdout is not None
    events: list[Event] = []
    buffer = b""
    output_bytes = 0
    status: RunStatus | None = None
    selector = selectors.DefaultSelector()
    selector.register(read_fd, selectors.EVENT_READ, "result")
    selector.register(process.stdout, selectors.EVENT_READ, "stdout")
    deadline = started + limits.wall_s
    open_streams = 2
    while open_streams and status is None:
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            status = RunStatus.TIMEOUT
            break
        for key, _ in selector.select(timeout=min(remaining, 0.5)):
            fd = key.fd if key.data == "result" else process.stdout.fileno()
            chunk = os.read(fd, 65536)
            if not chunk:
                selector.unregister(key.fileobj)
                open_streams -= 1
                continue
            if key.data == "stdout":
                output_bytes += len(chunk)
            else:
                buffer += chunk
                output_bytes += len(chunk)
                *lines, buffer = buffer.split(b"\n")
                for line in lines:
                    event = _parse_event(line)
                    events.append(event)
                    if on_event:
                        on_event(event)
            if output_bytes > limits.output_bytes:
                status = RunStatus.OUTPUT_LIMIT
    selector.close()
    _kill_group(process)
    code = process.wait()
    process.stdout.close()
    if status is None:
        status = _status_from_exit(code, events)
    return RunOutcome(status=status, events=events, detail=f"exit code {code}")


def _parse_event(line: bytes) -> Event:
    try:
        event = json.loads(line)
    except (ValueError, UnicodeDecodeError):
        return {"event": "garbage"}
    return event if isinstance(event, dict) else {"event": "garbage"}


def _status_from_exit(code: int, events: list[Event]) -> RunStatus:
    if code in (-signal.SIGXCPU, -signal.SIGKILL) and not events:
        return RunStatus.TIMEOUT
    if code == -signal.SIGXCPU:
        return RunStatus.TIMEOUT
    if code == -signal.SIGXFSZ:
        return RunStatus.OUTPUT_LIMIT
    return (
        RunStatus.COMPLETED if events and events[-1].get("event") == "done" else RunStatus.CRASHED
    )


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
