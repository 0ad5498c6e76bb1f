"""The hardened, warm sandbox: a pool of bubblewrap slots, each with a zygote that forks runs.

Start-up (bubblewrap, the interpreter, imports: hundreds of milliseconds) is paid once per
slot; the fork and confinement of each run's child happen before the request, between runs
(see ``zygote.py``). Per run this side:

1. takes an idle slot from the pool (a queue: callers wait, slots never pile up),
2. makes three pipes and passes the child's ends, with the limits, straight to the slot's
   ready child (the zygote reaps and reports, but never sees the job or the results),
3. writes the job, reads the result channel through the strict ``protocol.StreamReader``
   and the raw output under a byte cap, keeps the wall clock, and has the zygote kill the
   run on any breach,
4. waits for the zygote's report that the run's pid 1 was reaped (and with it every
   process of the run's PID namespace; a run that lingers after a complete stream is
   killed), checks that the run's cgroup is empty, and reads the cgroup's OOM count,
5. classifies the end from facts it observed itself (its clock and byte counts, the
   validated stream, the zygote's wait status, the kernel's OOM count), never from what
   the run says about itself. Kill and report messages carry the run's id.

Each slot has two run cgroups, used alternately: the next run's child waits in one while
the last run's is checked empty. No run outlives its verdict; the zygote also keeps the
wall clock itself. Without a cgroup, a seccomp filter or Landlock no slot starts
(``allow_incomplete`` is the explicit development opt-out).

A slot whose zygote dies or stops answering is killed and replaced in the background; a
run that lost its slot that way is retried once, then reported as an internal error.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import queue
import re
import selectors
import signal
import socket
import threading
import time
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

from pyroad.grading import seccomp_policy, uids
from pyroad.grading.cgroups import CgroupLimits, Cgroups, CgroupUnavailable, SlotCgroup
from pyroad.grading.protocol import ProtocolViolation, StreamReader
from pyroad.grading.sandbox import (
    Event,
    EventCallback,
    Job,
    Limits,
    RunOutcome,
    RunStatus,
    SandboxUnavailable,
)
from pyroad.grading.slot import RuntimeView, Slot, SlotStartError, find_bwrap

log = logging.getLogger("pyroad.grading.sandbox")

ON_DEMAND = frozenset(  # zygote.ON_DEMAND's keys (that module is not importable here)
    ("pydantic", "fastapi", "starlette", "sqlalchemy", "flask", "httpx", "django", "requests")
)
WORKDIR = "/tmp/work"  # noqa: S108 - the run's private tmpfs, inside the sandbox
EXIT_MEMORY = 86  # zygote.EXIT_MEMORY
GRACE_S = 2.0  # how long past the wall limit before the zygote itself is presumed stuck
DRAIN_S = 1.0  # how long to wait for the pipes' EOF once the run has ended
START_WAIT_S = 10.0  # from hand-over to the start marker (confinement), on a loaded host
EXIT_WAIT_S = 0.05  # after a complete stream, how long the run may take to exit by itself
START_TIMEOUT_S = 30.0


class SandboxError(RuntimeError):
    """The sandbox itself failed (not the learner's code); the caller should retry later."""


class _SlotLost(Exception):
    """The zygote died or misbehaved during a run."""


@dataclass
class _Run:
    """What one run observed, gathered by ``_collect``."""

    reader: StreamReader
    report: dict[str, Any] | None = None
    output_bytes: int = 0
    result_bytes: int = 0
    over_limit: bool = False
    violation: str = ""
    timed_out: bool = False
    oom_kills: int = 0  # OOM kills the kernel made in the run's cgroup
    peak_bytes: int = 0
    killed_after_end: bool = False  # the stream was complete; we ended a lingering process


class ForkServerSandbox:
    """The default sandbox: ``slots`` warm zygotes in bubblewrap, one run per slot at a time."""

    def __init__(
        self,
        slots: int = 2,
        preload: tuple[str, ...] | None = None,
        acquire_timeout_s: float = 120.0,
        allow_incomplete: bool = False,
        min_landlock_abi: int | None = None,
    ) -> None:
        """``allow_incomplete`` (development only, PYROAD_SANDBOX_ALLOW_INCOMPLETE) starts
        slots even without a cgroup, a seccomp filter or Landlock; otherwise any of them
        missing makes the constructor raise ``SandboxUnavailable`` naming it."""
        self._bwrap = find_bwrap()
        self._allow_incomplete = allow_incomplete
        missing: list[str] = []
        self._cgroups: Cgroups | None = None
        try:
            self._cgroups = Cgroups()
            self._cgroups.weigh(slots)
        except CgroupUnavailable as error:
            missing.append(f"no cgroup: {error}")
        programs: dict[str, str] = {}
        try:
            programs = {
                name: seccomp_policy.compile_policy(name).hex() for name in seccomp_policy.POLICIES
            }
        except seccomp_policy.SeccompUnavailable as error:
            missing.append(f"no seccomp filter: {error}")
        if missing:
            if not allow_incomplete:
                if self._cgroups is not None:
                    self._cgroups.close()
                raise SandboxUnavailable(
                    "the sandbox's confinement would be incomplete, refusing to start: "
                    + "; ".join(missing)
                )
            log.warning("sandbox confinement incomplete (allowed in development): %s", missing)
        self.missing = missing
        self._config: dict[str, Any] = {"seccomp": programs, "allow_incomplete": allow_incomplete}
        if min_landlock_abi is not None:
            self._config["min_landlock_abi"] = min_landlock_abi
        self._view = RuntimeView.for_this_interpreter()
        # Slots of every sandbox in this process get distinct uids (of this process's block).
        self._uid_first = uids.reserve(slots) if os.geteuid() == 0 else 0
        self._preload = preload
        self._acquire_timeout_s = acquire_timeout_s
        self._idle: queue.Queue[Slot] = queue.Queue()
        self._spawns: queue.Queue[int | None] = queue.Queue()
        self._slots: dict[int, Slot] = {}
        self._lock = threading.Lock()
        self._closed = False
        self._last_error = ""
        self._started = threading.Event()
        self.peaks: list[int] = []  # each run's cgroup memory peak, in bytes (latest last)
        # bubblewrap's --die-with-parent follows the *thread* that started it, so one
        # long-lived thread starts every slot, first and replacement alike.
        self._spawner = threading.Thread(
            target=self._spawn_loop, name="sandbox-spawner", daemon=True
        )
        self._spawner.start()
        for index in range(slots):
            self._spawns.put(index)
        self._started.wait(START_TIMEOUT_S * 2)
        if self._idle.empty():
            self.close()
            raise SandboxUnavailable(_explain(self._last_error or "the sandbox did not start"))

    def _slot_cgroups(self, index: int) -> tuple[SlotCgroup, SlotCgroup] | None:
        if self._cgroups is None:
            return None
        pair = (self._cgroups.slot(2 * index), self._cgroups.slot(2 * index + 1))
        for group in pair:
            group.kill_all()
            group.create()
        return pair

    # ------------------------------------------------------------------ pool

    def _spawn_loop(self) -> None:
        failures = 0
        while (index := self._spawns.get()) is not None:
            try:
                slot = Slot.start(
                    index,
                    self._bwrap,
                    self._view,
                    self._preload,
                    self._config,
                    self._slot_cgroups(index),
                    self._uid_first + index,
                )
                slot.wait_ready(START_TIMEOUT_S)
                try:
                    _ensure_channel(slot, _scratch(Limits()))
                except BaseException:  # _SlotLost, an OSError: the half-started slot goes
                    slot.kill()
                    raise
            except (SlotStartError, OSError, _SlotLost) as error:
                self._last_error = str(error)
                log.error("sandbox slot %d did not start: %s", index, error)
                failures += 1
                if not self._started.is_set() and failures >= 2:
                    self._started.set()  # report the failure to the constructor
                time.sleep(min(5.0, 0.1 * 2**failures))
                if not self._closed:
                    self._spawns.put(index)
                continue
            failures = 0
            with self._lock:
                if self._closed:
                    slot.kill()
                    continue
                self._slots[index] = slot
            self._idle.put(slot)
            self._started.set()

    def _acquire(self) -> Slot:
        deadline = time.monotonic() + self._acquire_timeout_s
        while True:
            if self._closed:
                raise SandboxError("the sandbox is closed")
            try:
                slot = self._idle.get(timeout=min(0.5, max(0.0, deadline - time.monotonic())))
            except queue.Empty:
                if time.monotonic() < deadline:
                    continue
                raise SandboxError(f"no sandbox slot became free: {self._last_error}") from None
            if slot.awaiting_child and not _collect_child(slot):
                self._replace(slot)
            elif slot.alive and slot.idle_and_quiet():
                return slot
            else:
                self._replace(slot)

    def _release(self, slot: Slot, healthy: bool) -> None:
        if healthy and slot.alive and not self._closed:
            self._idle.put(slot)
        else:
            self._replace(slot)

    def _replace(self, slot: Slot) -> None:
        slot.kill()
        with self._lock:
            if self._slots.get(slot.index) is slot:
                del self._slots[slot.index]
            if not self._closed:
                self._spawns.put(slot.index)

    def slot_counts(self) -> tuple[int, int]:
        """(busy, free) live slots, for the metrics and readiness checks; cheap (no I/O)."""
        with self._lock:
            live = len(self._slots)
        free = min(live, self._idle.qsize())
        return live - free, free

    def pool_rss_mb(self) -> float:
        """Resident memory held by all slots (bubblewrap and zygotes), in MiB."""
        with self._lock:
            slots = list(self._slots.values())
        return sum(slot.rss_kb() for slot in slots) / 1024

    def slot_process_counts(self) -> list[int]:
        """Processes in each live slot: 4 when idle (bwrap, its init, zygote, next run's child)."""
        with self._lock:
            slots = list(self._slots.values())
        return [len(slot.process_tree()) for slot in slots]

    def run_cgroups(self) -> list[SlotCgroup]:
        """Every live slot's two run cgroups (for checks that a run left nothing behind)."""
        with self._lock:
            slots = list(self._slots.values())
        return [group for slot in slots for group in slot.cgroups or ()]

    def close(self) -> None:
        with self._lock:
            self._closed = True
            slots = list(self._slots.values())
            self._slots.clear()
        self._spawns.put(None)
        for slot in slots:
            slot.kill()
        if self._cgroups is not None:
            self._cgroups.close()

    # ------------------------------------------------------------------ runs

    def run(self, job: Job, limits: Limits, on_event: EventCallback | None = None) -> RunOutcome:
        if self._closed:
            raise SandboxError("the sandbox is closed")
        last: Exception | None = None
        for attempt in (1, 2):
            slot = self._acquire()
            healthy = False
            try:
                outcome = self._run_on(slot, job, limits, on_event)
                healthy = True
                return outcome
            except _SlotLost as error:
                log.warning(
                    "sandbox slot %d lost during a run (attempt %d): %s", slot.index, attempt, error
                )
                last = error
            finally:
                self._release(slot, healthy)
        raise SandboxError(f"the sandbox failed twice: {last}")

    def _run_on(
        self, slot: Slot, job: Job, limits: Limits, on_event: EventCallback | None
    ) -> RunOutcome:
        started = time.perf_counter()
        job_r, job_w = os.pipe()
        result_r, result_w = os.pipe()
        output_r, output_w = os.pipe()
        request = {
            "cpu_s": limits.cpu_s,
            "memory_mb": limits.memory_mb,
            "processes": limits.processes,
            "open_files": limits.open_files,
            "file_size_mb": limits.file_size_mb,
        }
        try:
            _ensure_channel(slot, _scratch(limits), _frameworks(job) - slot.preloaded, _policy(job))
            assert slot.channel is not None
            run_id, index, group = slot.channel_run, slot.channel_cgroup, _cgroup(slot)
            if group is not None:
                group.apply(_cgroup_limits(limits))
            socket.send_fds(
                slot.channel, [json.dumps(request).encode()], [job_r, result_w, output_w]
            )
            # The zygote keeps the wall clock too: the run dies even if this side stalls.
            # Its clock starts now, ours at the start marker: it gets the marker's allowance.
            wall_s = limits.wall_s + START_WAIT_S
            slot.control.send(json.dumps({"start": run_id, "wall_s": wall_s}).encode())
        except (OSError, _SlotLost) as error:
            for fd in (job_r, job_w, result_r, result_w, output_r, output_w):
                os.close(fd)
            raise _SlotLost(f"handing the run over: {error}") from error
        finally:
            if slot.channel is not None:
                slot.channel.close()  # one run per child
                slot.channel = None
        for fd in (job_r, result_w, output_w):
            os.close(fd)
        message = job.to_message(WORKDIR)
        message["max_output"] = limits.output_bytes
        payload = json.dumps(message).encode()
        reader = StreamReader([name for name, _ in job.tests])
        state = _Run(reader)
        job_file = os.fdopen(job_w, "wb", buffering=0)  # closed exactly once, by its owner
        try:
            _collect(
                slot,
                state,
                payload,
                job_file,
                result_r,
                output_r,
                limits,
                on_event,
                started,
                run_id,
            )
        finally:
            job_file.close()
            os.close(result_r)
            os.close(output_r)
        slot.runs += 1
        slot.awaiting_child = True  # the zygote forks the next child after its report
        _settle(slot, state, index)
        self.peaks = [*self.peaks[-99:], state.peak_bytes]
        outcome = _classify(state, limits)
        outcome.duration_ms = (time.perf_counter() - started) * 1000
        return outcome


def _cgroup(slot: Slot) -> SlotCgroup | None:
    return slot.cgroups[slot.channel_cgroup] if slot.cgroups else None


def _cgroup_limits(limits: Limits) -> CgroupLimits:
    """The whole run's budget: its memory limit (shared memory and tmpfs pages included),
    its process count (threads included) and one core of CPU bandwidth."""
    return CgroupLimits(memory_bytes=limits.memory_mb << 20, pids=limits.processes, cpus=1.0)


def _settle(slot: Slot, state: _Run, index: int) -> None:
    """After the report: the run's cgroup must be empty; note its OOM kills and peak."""
    if not slot.cgroups:
        return
    group = slot.cgroups[index]
    if group.tasks() != 0:
        # Nothing of a run may outlive it (the PID namespace should have seen to that).
        survivors = group.members()
        group.kill_all()
        raise _SlotLost(f"processes outlived the run: {survivors}")
    kills = group.oom_kills()
    state.oom_kills = kills - slot.oom_seen[index]
    slot.oom_seen[index] = kills
    state.peak_bytes = group.peak_bytes()
    group.reset_peak()


def _scratch(limits: Limits) -> tuple[int, int]:
    """The scratch tmpfs for these limits: size in MiB and an inode cap."""
    return limits.scratch_mb, max(256, limits.scratch_mb * 256)


def _ensure_channel(
    slot: Slot,
    scratch: tuple[int, int],
    preload: AbstractSet[str] = frozenset(),
    policy: str = "python",
) -> None:
    """Make sure the slot holds a ready child with this scratch size, frameworks and policy."""
    if (
        slot.channel is not None
        and slot.channel_scratch == scratch
        and slot.channel_policy == policy
        and not preload
    ):
        return
    command = {"scratch": list(scratch), "preload": sorted(preload), "policy": policy}
    slot.control.send(json.dumps(command).encode())
    reply = slot.receive(START_TIMEOUT_S)
    if reply is None or "prepared" not in reply or slot.channel is None:
        raise _SlotLost(f"the zygote did not prepare a child: {reply!r}")
    slot.preloaded |= preload


def _policy(job: Job) -> str:
    """Git exercises run the git binary (execve); code exercises may execute nothing."""
    return "git" if job.kind == "git" else "python"


_IMPORT = re.compile(r"^\s*(?:from|import)\s+([A-Za-z_]\w*)", re.MULTILINE)


def _frameworks(job: Job) -> set[str]:
    """Frameworks the job imports that a zygote can preload (see zygote.ON_DEMAND)."""
    sources = [job.code, job.setup, job.setup_repo, *(code for _, code in job.tests)]
    return {name for text in sources for name in _IMPORT.findall(text)} & ON_DEMAND


def _collect_child(slot: Slot) -> bool:
    """Receive the next run's child, which the zygote forks after reporting the last run."""
    message = slot.receive(START_TIMEOUT_S)
    return message is not None and "prepared" in message and slot.channel is not None


def _collect(
    slot: Slot,
    state: _Run,
    payload: bytes,
    job_file: io.FileIO | io.BufferedWriter | Any,
    result_r: int,
    output_r: int,
    limits: Limits,
    on_event: EventCallback | None,
    started: float,
    run_id: int = 0,
) -> None:
    """Pump the pipes until the run ended and both channels reached EOF (or time is up).

    The run has ended only when the zygote reports its pid 1 reaped (and with it every
    process of its PID namespace): a complete stream is not enough, since learner code
    can keep pid 1 or its children alive after writing it. Such a run is killed.
    """
    result_cap = max(4 << 20, 4 * limits.output_bytes)
    job_w = job_file.fileno()
    os.set_blocking(job_w, False)
    selector = selectors.DefaultSelector()
    selector.register(job_w, selectors.EVENT_WRITE, "job")
    selector.register(result_r, selectors.EVENT_READ, "result")
    selector.register(output_r, selectors.EVENT_READ, "output")
    selector.register(slot.control, selectors.EVENT_READ, "control")
    open_channels = 2
    kill_sent = False
    # The wall clock runs from the start marker (confinement done, learner code next): on a
    # loaded host a child may still be finishing its confinement when the run is handed
    # over, and that time is not the learner's. Until the marker, START_WAIT_S applies.
    wall_end = started + START_WAIT_S
    deadline = wall_end
    view = memoryview(payload)

    def stop_run() -> None:
        nonlocal kill_sent
        if not kill_sent and state.report is None:
            kill_sent = True
            with contextlib.suppress(OSError):
                slot.control.send(json.dumps({"kill": run_id}).encode())

    ended_at: float | None = None  # when a complete stream's writers were all gone
    try:
        while open_channels or state.report is None:
            now = time.perf_counter()
            if state.report is not None:
                deadline = min(deadline, now + DRAIN_S)
            elif not open_channels and _complete(state) and not kill_sent:
                if ended_at is None:
                    ended_at = now
                if now >= ended_at + EXIT_WAIT_S:
                    # The stream is complete but the run lingers: end it; it is not timed out.
                    state.killed_after_end = True
                    stop_run()
                    deadline = now + GRACE_S
                    continue
                deadline = min(deadline, ended_at + EXIT_WAIT_S)
            if now >= deadline:
                if state.report is not None:
                    break
                if state.timed_out or state.killed_after_end:
                    raise _SlotLost("the zygote did not report the end of the run")
                if ended_at is not None and now < wall_end:
                    continue  # the exit wait above decides
                state.timed_out = True  # the wall clock is ours to keep: stop the run
                stop_run()
                deadline = now + GRACE_S
                continue
            for key, _ in selector.select(timeout=deadline - now):
                if key.data == "job":
                    try:
                        view = view[os.write(job_w, view) :]
                    except (BrokenPipeError, OSError):
                        view = view[len(view) :]
                    if not view:
                        selector.unregister(job_w)
                        job_file.close()
                elif key.data == "control":
                    state.report = _parse_report(slot.receive(1.0), run_id)
                    selector.unregister(slot.control)  # next comes the next run's child
                else:
                    chunk = os.read(key.fd, 65536)
                    if not chunk:
                        selector.unregister(key.fd)
                        open_channels -= 1
                        continue
                    if key.data == "output":
                        state.output_bytes += len(chunk)
                        if state.output_bytes > limits.output_bytes:
                            state.over_limit = True
                    else:
                        state.result_bytes += len(chunk)
                        if state.result_bytes > result_cap:
                            state.over_limit = True
                        elif not state.violation:
                            marker_seen = state.reader.started
                            _feed(state, chunk, on_event)
                            if state.reader.started and not marker_seen and not kill_sent:
                                wall_end = time.perf_counter() + limits.wall_s
                                deadline = wall_end
                    if state.over_limit or state.violation:
                        stop_run()
        if not state.violation:
            try:
                state.reader.close()
            except ProtocolViolation as error:
                state.violation = str(error)
    finally:
        selector.close()


def _complete(state: _Run) -> bool:
    """A finished, valid stream whose writers are all gone needs no exit status to classify."""
    return state.reader.finished and not state.violation and not state.over_limit


def _feed(state: _Run, chunk: bytes, on_event: EventCallback | None) -> None:
    try:
        events = state.reader.feed(chunk)
    except ProtocolViolation as error:
        state.violation = str(error)
        return
    if on_event is not None:
        for event in events:
            on_event(event)


def _parse_report(report: dict[str, Any] | None, run_id: int = 0) -> dict[str, Any]:
    if report is None:
        raise _SlotLost("the zygote closed its control socket or sent an unreadable report")
    if "fatal" in report:
        raise _SlotLost(f"the zygote failed: {report['fatal']}")
    if not isinstance(report, dict) or "exit" not in report:
        raise _SlotLost(f"the zygote sent an unexpected message: {report!r}")
    if report.get("run") != run_id:
        raise _SlotLost(f"a report for run {report.get('run')!r}, expected {run_id}")
    return report


def _classify(state: _Run, limits: Limits) -> RunOutcome:
    """Decide how the run ended from what this side observed; the run's words only narrow it."""
    report = state.report or {}
    code = int(report.get("exit", 0 if _complete(state) else -signal.SIGKILL))
    reader = state.reader
    detail = (
        f"exit {code}, {report.get('cpu_s', 0):.3f} s CPU, {report.get('maxrss_kb', 0)} KiB RSS"
        if report
        else "no exit report"
    )
    if not reader.started and not state.over_limit:
        # The start marker comes before any learner code: without it the run never began.
        raise _SlotLost(
            f"the run did not start ({detail}; timed out {state.timed_out}, "
            f"zygote deadline {report.get('deadline')}, OOM kills {state.oom_kills}, "
            f"cgroup peak {state.peak_bytes >> 20} MiB)"
        )
    events: list[Event] = [] if state.violation else reader.events
    overflow = any(event.get("overflow") for event in events)
    if state.over_limit or overflow:
        return RunOutcome(
            RunStatus.OUTPUT_LIMIT, events, f"output over {limits.output_bytes} bytes; {detail}"
        )
    if state.oom_kills > 0:
        # The kernel's OOM killer acted inside the run's cgroup: the whole run's memory
        # (shared memory, tmpfs and every process) reached the exercise's limit.
        return RunOutcome(
            RunStatus.MEMORY,
            events,
            f"memory limit (cgroup: {state.oom_kills} OOM kill(s), peak "
            f"{state.peak_bytes >> 20} MiB); {detail}",
        )
    if state.killed_after_end and _complete(state):
        return RunOutcome(
            RunStatus.COMPLETED, events, f"ended by the sandbox after its results; {detail}"
        )
    cpu_spent = float(report.get("cpu_s", 0)) >= max(1, int(limits.cpu_s + 0.999))
    timed_out = state.timed_out or bool(report.get("deadline"))
    if timed_out or code == -signal.SIGXCPU or (code == -signal.SIGKILL and cpu_spent):
        return RunOutcome(RunStatus.TIMEOUT, events, f"time limit; {detail}")
    if state.violation:
        return RunOutcome(RunStatus.CRASHED, [], f"protocol violation: {state.violation}; {detail}")
    if reader.finished and code == 0:
        return RunOutcome(RunStatus.COMPLETED, events, detail)
    if code == EXIT_MEMORY:
        return RunOutcome(RunStatus.MEMORY, events, f"memory limit; {detail}")
    if reader.finished:
        return RunOutcome(RunStatus.CRASHED, [], f"exited after a complete stream; {detail}")
    return RunOutcome(RunStatus.CRASHED, events, f"ended early; {detail}")


def _explain(error: str) -> str:
    """Turn bubblewrap's start-up error into what to install or enable."""
    hint = (
        "The grading sandbox could not start. It needs bubblewrap (`apt-get install bubblewrap`) "
        "and unprivileged user namespaces: check `sysctl user.max_user_namespaces` (> 0), "
        "`kernel.unprivileged_userns_clone=1` on older Debian kernels, and on Ubuntu 23.10+ "
        "`kernel.apparmor_restrict_unprivileged_userns=0` or an AppArmor profile allowing bwrap "
        "to create user namespaces. Inside a container, run it with a seccomp/AppArmor profile "
        "that allows unshare and mount in user namespaces."
    )
    return f"{hint}\nbubblewrap said: {error.strip()}"
