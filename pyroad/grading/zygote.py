"""The warm fork-server that lives inside one sandbox slot (bubblewrap) and forks a run per job.

It runs inside the sandbox with the standard library only. Start-up imports the harness and
the modules learner code commonly uses, then keeps one confined child ready. For each run
the trusted side sends the limits and three pipe ends (job in, result out, output out)
straight to that child, over a socket the zygote handed over; the zygote never reads the
job or the results itself, so no learner's code or reference solution ever enters the
memory that later runs are forked from.

Each run's child becomes pid 1 of a fresh PID namespace and enters fresh mount and IPC
namespaces with its own size-capped tmpfs at ``/tmp`` (gone when the run ends), drops every
capability, sets no_new_privs, restricts itself with Landlock and a seccomp filter, and only
then waits for its run: the descriptors and limits arrive over a private socket, it sets the
rlimits and reads the job. That child is forked and confined *ahead* of the request, right
after the previous run ended, so a request pays neither the fork nor the confinement (it
was measured at 5-10 ms of a 20 ms run on a loaded 2-core machine). Killing pid 1 kills
the whole run, grandchildren included.

The zygote moves each child into the slot's run cgroup (descriptors of ``cgroup.procs``
opened by the trusted side) before announcing it, gives every child a run id that kill
and start messages must name, reports a run only once its pid 1 is reaped, and kills a
run past its wall clock itself. It refuses to start when a confinement layer is missing
(Landlock below ``MIN_LANDLOCK_ABI``, no seccomp program, no cgroup) unless the trusted
side explicitly allows it (development).
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import io
import json
import os
import platform
import select
import signal
import socket
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from typing import Any

import confine  # type: ignore[import-not-found]  # stdlib-only sibling, on sys.path in the sandbox
import harness  # type: ignore[import-not-found]

SCRATCH = "/tmp"  # noqa: S108 - a private tmpfs per run, not the host's /tmp
GIT_BINARY, GIT_HELPERS = "/usr/bin/git", "/usr/lib/git-core"
GIT_EDITOR = "/usr/bin/true"  # core.editor in the exercises: `merge --continue` "edits"
WORKDIR = "/tmp/work"  # noqa: S108
EXIT_MEMORY = 86  # MemoryError escaped the harness
EXIT_SETUP = 87  # the confinement could not be applied: never run learner code then
RESULT_FD = 3
# Bound once: learner code may replace os._exit (and os.closerange) in its own process,
# and the run must still end the moment its harness is done.
_exit, _closerange = os._exit, os.closerange
START_LINE = b'{"event": "start"}\n'
PRELOAD = (
    "abc",
    "array",
    "ast",
    "base64",
    "bisect",
    "calendar",
    "collections",
    "contextlib",
    "copy",
    "csv",
    "dataclasses",
    "datetime",
    "decimal",
    "enum",
    "fractions",
    "functools",
    "hashlib",
    "heapq",
    "itertools",
    "json",
    "math",
    "operator",
    "pathlib",
    "random",
    "re",
    "statistics",
    "string",
    "textwrap",
    "time",
    "typing",
    "unittest",
    "uuid",
)
# Frameworks (steps 7 and 9) cost 0.2-0.8 s to import per run on this kind of machine and
# ~1 s of start-up per slot if preloaded up front. So a slot imports one only when a job
# first needs it (the trusted side asks, naming modules from this list only); every later
# run forked from it gets it for free (measured: fastapi + sqlalchemy run 500 ms -> 10 ms).
ON_DEMAND = {
    "pydantic": ("pydantic",),
    "fastapi": ("fastapi", "fastapi.testclient"),
    "starlette": ("starlette", "starlette.testclient"),
    "sqlalchemy": ("sqlalchemy", "sqlalchemy.orm"),
    "flask": ("flask",),
    "httpx": ("httpx",),
    "django": ("django",),
    "requests": ("requests",),
}
_RUN_ENV = {"PATH": "/usr/bin:/bin", "HOME": WORKDIR, "LANG": "C.UTF-8", "USER": "learner"}


MIN_LANDLOCK_ABI = 2  # 5.19: renames and links across directories are handled too
DEADLINE_GRACE_S = 0.5  # past the wall limit the trusted side should have killed the run


@dataclass
class _Prepared:
    """A child already forked and confined, waiting for its run on its own socket."""

    pid: int
    pidfd: int
    scratch: tuple[int, int]
    run: int  # the run's id on the control channel: kills and reports name it
    cgroup: int  # which of the slot's two run cgroups holds it
    mntns: int  # its mount namespace, held by the zygote
    killed: bool = False
    deadline: float | None = None  # monotonic; set by the trusted side's "start"
    timed_out: bool = False


@dataclass
class Config:
    """What the trusted side hands the zygote (JSON in argv): filters, cgroups, policy."""

    seccomp: dict[str, bytes]  # policy name -> BPF program
    cgroup_fds: list[list[int]]  # two run cgroups, each: cgroup.procs fds (one per hierarchy)
    min_landlock_abi: int = MIN_LANDLOCK_ABI
    allow_incomplete: bool = False  # development opt-out: run even if confinement is partial

    @classmethod
    def parse(cls, text: str) -> Config:
        raw = json.loads(text) if text else {}
        return cls(
            {name: bytes.fromhex(code) for name, code in raw.get("seccomp", {}).items()},
            [list(map(int, fds)) for fds in raw.get("cgroup_fds", [])],
            int(raw.get("min_landlock_abi", MIN_LANDLOCK_ABI)),
            bool(raw.get("allow_incomplete", False)),
        )


class IncompleteConfinement(RuntimeError):
    """A confinement layer is missing: the slot must not start (fail closed)."""


class Zygote:
    """Keeps one confined child ready; reaps it after its run and reports how it ended.

    The trusted side talks to the ready child directly (its socket is handed over with each
    report), so a request costs one wake-up, not two; it tells the zygote only to kill
    (time or output over the limit) or to prepare a child for another scratch size.
    """

    def __init__(
        self, control: socket.socket, uid: int, preload: tuple[str, ...], config: Config
    ) -> None:
        self.control = control
        self.uid = uid
        self.config = config
        for name in preload:
            with contextlib.suppress(ImportError):
                importlib.import_module(name)
        self.last_cap = confine.last_capability()
        self.landlock = confine.landlock_abi()
        self.seccomp = config.seccomp
        self.missing = self._missing()
        if self.missing and not config.allow_incomplete:
            raise IncompleteConfinement(
                "the slot's confinement is incomplete, refusing to start: "
                + "; ".join(self.missing)
            )
        self.own_pidns = os.open("/proc/self/ns/pid", os.O_RDONLY | os.O_CLOEXEC)
        self.own_mntns = os.open("/proc/self/ns/mnt", os.O_RDONLY | os.O_CLOEXEC)
        self.child: _Prepared | None = None
        self.runs = 0
        self.policy = "python"
        confine.remount_noexec_outside("/usr")
        self._check_threads()
        gc.collect()
        gc.freeze()  # forked children then leave the inherited objects' pages shared

    def _missing(self) -> list[str]:
        missing = []
        if self.landlock < self.config.min_landlock_abi:
            missing.append(
                f"Landlock ABI {self.landlock} (need >= {self.config.min_landlock_abi}; "
                "kernel >= 5.19 with lsm=landlock)"
            )
        machine = platform.machine()
        if not self.seccomp or not all(len(code) % 8 == 0 for code in self.seccomp.values()):
            missing.append(f"a seccomp filter for this architecture ({machine})")
        if len(self.config.cgroup_fds) != 2 or not all(self.config.cgroup_fds):
            missing.append("a cgroup for the runs (memory, pids, cpu)")
        return missing

    def serve(self) -> None:
        self._send(
            {
                "ready": True,
                "landlock": self.landlock,
                "seccomp": sorted(self.seccomp),
                "missing": self.missing,
            }
        )
        poller = select.poll()
        poller.register(self.control.fileno(), select.POLLIN)
        while True:
            child = self.child
            if child is not None:
                poller.register(child.pidfd, select.POLLIN)
            timeout = None
            if child is not None and child.deadline is not None:
                timeout = max(0, int((child.deadline - time.monotonic()) * 1000) + 1)
            ready = dict(poller.poll(timeout))
            if child is not None:
                poller.unregister(child.pidfd)
            if child is not None and child.pidfd in ready:
                self._reap_and_report()
            elif self.control.fileno() in ready:
                message = self.control.recv(4096)
                if not message:
                    self._discard()
                    return  # the trusted side went away
                self._command(json.loads(message))
            elif (
                child is not None
                and child.deadline is not None
                and time.monotonic() >= child.deadline
                and not child.killed
            ):
                # The wall clock is enforced here too, whatever the trusted side does.
                child.killed = child.timed_out = True
                os.kill(child.pid, signal.SIGKILL)

    def _command(self, command: dict[str, Any]) -> None:
        child = self.child
        if "kill" in command:
            # Only the run it names: a late kill must never hit the next run's child.
            if child is not None and command["kill"] == child.run and not child.killed:
                child.killed = True
                os.kill(child.pid, signal.SIGKILL)
        elif "start" in command:
            if child is not None and command["start"] == child.run:
                child.deadline = time.monotonic() + float(command["wall_s"]) + DEADLINE_GRACE_S
        elif "scratch" in command:
            # Only while no run is in progress: the ready child is unused, so it is replaced.
            self._discard()
            for name in command.get("preload", ()):
                for module in ON_DEMAND.get(name, ()):
                    with contextlib.suppress(ImportError):
                        importlib.import_module(module)
            self._check_threads()
            gc.collect()
            gc.freeze()
            policy = str(command.get("policy", "python"))
            if policy not in self.seccomp:
                policy = "python"
            self.policy = policy
            scratch = (int(command["scratch"][0]), int(command["scratch"][1]))
            self._prepare_and_announce(scratch)

    @staticmethod
    def _check_threads() -> None:
        if threading.active_count() != 1:  # forking a threaded process is unsafe
            raise RuntimeError(f"an import started threads: {threading.enumerate()}")

    def _send(self, message: dict[str, Any], channel: socket.socket | None = None) -> None:
        data = [json.dumps(message).encode()]
        if channel is None:
            self.control.send(data[0])
            return
        socket.send_fds(self.control, data, [channel.fileno()])
        channel.close()  # the trusted side holds the only other end now

    def _prepare_and_announce(self, scratch: tuple[int, int]) -> None:
        channel = self._prepare(scratch)
        assert self.child is not None
        message = {
            "prepared": list(scratch),
            "run": self.child.run,
            "cgroup": self.child.cgroup,
            "policy": self.policy,
        }
        self._send(message, channel)

    def _prepare(self, scratch: tuple[int, int]) -> socket.socket:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.runs += 1
        run, group = self.runs, self.runs % 2
        # The next fork is pid 1 of a new PID namespace, in a mount namespace of its own.
        confine.unshare(confine.CLONE_NEWPID | confine.CLONE_NEWNS)
        mntns = -1
        try:
            mntns = os.open("/proc/self/ns/mnt", os.O_RDONLY | os.O_CLOEXEC)
            pid = os.fork()
            if pid == 0:
                try:
                    ours.close()
                    _child(theirs, scratch, self)
                finally:
                    _exit(EXIT_SETUP)  # never back into the zygote's code
        finally:
            # Back to our own namespaces, ready for the next unshare.
            confine.setns(self.own_mntns, confine.CLONE_NEWNS)
            confine.setns(self.own_pidns, confine.CLONE_NEWPID)
            theirs.close()
        pidfd = os.pidfd_open(pid)
        try:
            # Into the run cgroup before the trusted side can hand it a run: everything it
            # forks and every page it faults in is counted there.
            for fd in self.config.cgroup_fds[group] if len(self.config.cgroup_fds) == 2 else ():
                os.write(fd, str(pid).encode())
        except OSError:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(pidfd)
            os.close(mntns)
            raise
        self.child = _Prepared(pid, pidfd, scratch, run, group, mntns)
        return ours

    def _discard(self) -> None:
        if self.child is not None:
            os.kill(self.child.pid, signal.SIGKILL)
            os.waitpid(self.child.pid, 0)
            os.close(self.child.pidfd)
            os.close(self.child.mntns)
            self.child = None

    def _reap_and_report(self) -> None:
        child, self.child = self.child, None
        assert child is not None
        # pid 1 of the run's namespace is reaped only once every process in it is gone.
        _, status, usage = os.wait4(child.pid, 0)
        os.close(child.pidfd)
        report = {
            "exit": os.waitstatus_to_exitcode(status),
            "run": child.run,
            "cgroup": child.cgroup,
            "killed": child.killed,
            "deadline": child.timed_out,
            "cpu_s": usage.ru_utime + usage.ru_stime,
            "maxrss_kb": usage.ru_maxrss,
        }
        # The run's mount namespace goes with the report: its teardown (an RCU grace period,
        # seconds on a loaded host) happens on the trusted side, in a thread of its own.
        socket.send_fds(self.control, [json.dumps(report).encode()], [child.mntns])
        os.close(child.mntns)
        # Fork and confine the next run's child now, off the next request's critical path.
        self._prepare_and_announce(child.scratch)


def _child(channel: socket.socket, scratch: tuple[int, int], zygote: Zygote) -> None:
    """Confine this process, wait for a run, run it. Never returns."""
    try:
        _confine(channel, scratch, zygote)
        message, fds, _, _ = socket.recv_fds(channel, 65536, 3)
        if not message or len(fds) != 3:
            _exit(0)  # discarded before use
        _attach(json.loads(message), fds, channel)
    except BaseException:
        _exit(EXIT_SETUP)
    code = 0
    try:
        _run_harness()
    except MemoryError:
        code = EXIT_MEMORY
    except BaseException:
        code = 1
    _closerange(0, RESULT_FD + 1)  # EOF for the trusted side now, not after the exit teardown
    _exit(code)


def _confine(channel: socket.socket, scratch: tuple[int, int], zygote: Zygote) -> None:
    """Everything that does not depend on the run: namespaces, mounts, privileges, filters."""
    os.setsid()
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    zygote.control.close()
    os.close(zygote.own_pidns)
    os.close(zygote.own_mntns)
    for fds in zygote.config.cgroup_fds:
        for fd in fds:
            os.close(fd)
    # If the host runs short of memory anyway, the kernel's OOM killer takes a run first.
    with open("/proc/self/oom_score_adj", "w", encoding="ascii") as handle:  # noqa: PTH123
        handle.write("1000")
    # Private mounts (the zygote made this mount namespace for us): nothing a run mounts
    # survives it or reaches another run. System V IPC is denied by seccomp; the slot's IPC
    # namespace is sized small (by the launcher) and destroys a segment with its last user.
    confine.mount(None, "/", None, confine.MS_REC | confine.MS_PRIVATE)
    confine.mount(
        "tmpfs",
        SCRATCH,
        "tmpfs",
        confine.MS_NOSUID | confine.MS_NODEV | confine.MS_NOEXEC,
        f"size={scratch[0]}m,nr_inodes={scratch[1]},mode=0755,uid={zygote.uid},gid={zygote.uid}",
    )
    confine.mount_pid_proc("/proc")
    os.mkdir(WORKDIR, 0o755)  # noqa: PTH102 - the fewest calls on the hot path
    os.chdir(WORKDIR)
    os.environ.clear()
    os.environ.update(_RUN_ENV)
    # Bound to fd 1 by number, which becomes the run's output pipe: no stale zygote buffers.
    sys.stdout = sys.stderr = io.TextIOWrapper(
        io.FileIO(1, "w", closefd=False), encoding="utf-8", errors="replace", line_buffering=True
    )
    sys.__stdout__ = sys.__stderr__ = sys.stdout  # type: ignore[misc]
    confine.drop_capabilities(zygote.last_cap)
    confine.no_new_privs()
    if zygote.landlock:
        confine.landlock_restrict(zygote.landlock, _landlock_rules(zygote.policy))
    program = zygote.seccomp.get(zygote.policy)
    if program:
        confine.seccomp_install(program)


def _landlock_rules(policy: str) -> list[tuple[str, int]]:
    """What a run may touch. Python runs: read everything, execute under /usr (seccomp
    forbids execve anyway). Git runs may execve, so they execute only git, its helpers,
    bash and the few file tools of ``harness.SHELL_TOOLS`` (the learner's commands run in
    bash) and the loader they need, and cannot read the interpreter's binaries: otherwise
    ``git -c alias.x='!<loader> <python>'`` or ``bash -c '<loader> <python>'`` would start
    any program readable under /usr.
    """
    rules = [
        (SCRATCH, confine.READ | confine.WRITE),
        ("/dev", confine.READ | confine.FS_WRITE_FILE | confine.FS_IOCTL_DEV),
    ]
    if policy != "git":
        return [("/", confine.READ), ("/usr", confine.READ | confine.FS_EXECUTE), *rules]
    executable = [GIT_BINARY, GIT_HELPERS, GIT_EDITOR, *harness.SHELL_TOOLS]
    loader = confine.elf_interpreter(GIT_BINARY)
    if loader:
        executable.append(loader)
    return [
        *confine.read_all_but(sys.executable.rsplit("/", 1)[0]),
        *[(path, confine.FS_EXECUTE) for path in executable if os.access(path, os.F_OK)],
        *rules,
    ]


def _attach(request: dict[str, Any], fds: list[int], channel: socket.socket) -> None:
    """The run's own part: its descriptors and limits. Then learner code may run."""
    job_fd, result_fd, output_fd = fds
    os.dup2(job_fd, 0)
    os.dup2(output_fd, 1)
    os.dup2(output_fd, 2)
    os.dup2(result_fd, RESULT_FD)
    channel.close()
    os.closerange(RESULT_FD + 1, 65536)
    confine.set_rlimits(
        {
            # The limit is for the learner's own allocations, on top of the preloaded runtime.
            "AS": (int(request["memory_mb"]) << 20) + _address_space(),
            "CPU": max(1, int(float(request["cpu_s"]) + 0.999)),
            "NPROC": int(request["processes"]),
            "NOFILE": int(request["open_files"]),
            "FSIZE": int(request["file_size_mb"]) << 20,
            "CORE": 0,
            "MEMLOCK": 0,
            "MSGQUEUE": 0,
        }
    )
    os.write(RESULT_FD, START_LINE)  # confinement is complete; learner code may run from here


def _address_space() -> int:
    """This process's current virtual size in bytes (the zygote's, inherited by the fork)."""
    with open("/proc/self/statm", "rb") as handle:  # noqa: PTH123
        return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _run_harness() -> None:
    chunks = []
    while chunk := os.read(0, 1 << 20):
        chunks.append(chunk)
    job = json.loads(b"".join(chunks))
    dumps, write = json.dumps, os.write

    def emit(event: dict[str, Any]) -> None:
        data = memoryview((dumps(event) + "\n").encode())
        while data:
            data = data[write(RESULT_FD, data) :]

    harness.run_job(job, emit)


def main() -> None:
    control_fd, uid = int(sys.argv[1]), int(sys.argv[2])
    preload = tuple(sys.argv[3].split(",")) if len(sys.argv) > 3 and sys.argv[3] else PRELOAD
    config = Config.parse(sys.argv[4] if len(sys.argv) > 4 else "")
    control = socket.socket(fileno=control_fd)
    try:
        Zygote(control, uid, preload, config).serve()
    except BaseException:
        # Tell the trusted side why, so a broken host set-up is diagnosable from its log.
        with contextlib.suppress(OSError):
            control.send(json.dumps({"fatal": traceback.format_exc()[-4000:]}).encode())
        raise


if __name__ == "__main__":
    main()
