"""The warm fork-server that lives inside one sandbox slot (bubblewrap) and forks a run per job.

It runs inside the sandbox with the standard library only. Start-up imports the harness and
the modules learner code commonly uses, then waits on its control socket. For each run the
trusted side sends the limits and three pipe ends (job in, result out, output out); the
zygote never reads the job or the results itself, so no learner's code or reference solution
ever enters the memory that later runs are forked from.

Each run's child becomes pid 1 of a fresh PID namespace and enters fresh mount and IPC
namespaces with its own size-capped tmpfs at ``/tmp`` (gone when the run ends), drops every
capability, sets no_new_privs, restricts itself with Landlock and a seccomp filter, and only
then waits for its run: the descriptors and limits arrive over a private socket, it sets the
rlimits and reads the job. That child is forked and confined *ahead* of the request, right
after the previous run ended, so a request pays neither the fork nor the confinement (it
was measured at 5-10 ms of a 20 ms run on a loaded 2-core machine). Killing pid 1 kills
the whole run, grandchildren included.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import io
import json
import os
import select
import signal
import socket
import sys
import time
import traceback
from dataclasses import dataclass
from typing import Any

import confine  # type: ignore[import-not-found]  # stdlib-only sibling, on sys.path in the sandbox
import harness  # type: ignore[import-not-found]

SCRATCH = "/tmp"  # noqa: S108 - a private tmpfs per run, not the host's /tmp
WORKDIR = "/tmp/work"  # noqa: S108
EXIT_MEMORY = 86  # MemoryError escaped the harness
EXIT_SETUP = 87  # the confinement could not be applied: never run learner code then
RESULT_FD = 3
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
_RUN_ENV = {"PATH": "/usr/bin:/bin", "HOME": WORKDIR, "LANG": "C.UTF-8", "USER": "learner"}


@dataclass
class _Prepared:
    """A child already forked and confined, waiting for its run's descriptors and limits."""

    pid: int
    pidfd: int
    channel: socket.socket
    scratch: tuple[int, int]


class Zygote:
    def __init__(self, control: socket.socket, uid: int, preload: tuple[str, ...]) -> None:
        self.control = control
        self.uid = uid
        for name in preload:
            with contextlib.suppress(ImportError):
                importlib.import_module(name)
        self.last_cap = confine.last_capability()
        self.landlock = confine.landlock_abi()
        self.seccomp = confine.seccomp_program()
        self.own_pidns = os.open("/proc/self/ns/pid", os.O_RDONLY | os.O_CLOEXEC)
        self.prepared: _Prepared | None = None
        gc.collect()
        gc.freeze()  # forked children then leave the inherited objects' pages shared

    def serve(self) -> None:
        self._send({"ready": True, "landlock": self.landlock, "seccomp": self.seccomp is not None})
        while True:
            message, fds, _, _ = socket.recv_fds(self.control, 65536, 3)
            if not message:
                return  # the trusted side went away
            if len(fds) != 3:
                for fd in fds:
                    os.close(fd)
                self._send({"error": "expected three descriptors"})
                continue
            request = json.loads(message)
            scratch = (int(request["scratch_mb"]), int(request["scratch_inodes"]))
            self._run(request, fds, scratch)
            # Fork and confine the next run's child now, off the next request's critical path.
            self.prepared = self._prepare(scratch)

    def _send(self, message: dict[str, Any]) -> None:
        self.control.send(json.dumps(message).encode())

    def _prepare(self, scratch: tuple[int, int]) -> _Prepared:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        confine.unshare(confine.CLONE_NEWPID)  # the next fork is pid 1 of a new namespace
        try:
            pid = os.fork()
            if pid == 0:
                _child(theirs, scratch, self)
        finally:
            # Back to our own namespace for children, ready for the next unshare.
            confine.setns(self.own_pidns, confine.CLONE_NEWPID)
            theirs.close()
        return _Prepared(pid, os.pidfd_open(pid), ours, scratch)

    def _take_prepared(self, scratch: tuple[int, int]) -> _Prepared:
        prepared, self.prepared = self.prepared, None
        if prepared is not None:
            alive = not select.select([prepared.pidfd], [], [], 0)[0]
            if alive and prepared.scratch == scratch:
                return prepared
            prepared.channel.close()  # the child exits on EOF
            os.kill(prepared.pid, signal.SIGKILL)
            os.waitpid(prepared.pid, 0)
            os.close(prepared.pidfd)
        return self._prepare(scratch)

    def _run(self, request: dict[str, Any], fds: list[int], scratch: tuple[int, int]) -> None:
        started = time.monotonic()
        child = self._take_prepared(scratch)
        try:
            socket.send_fds(child.channel, [json.dumps(request).encode()], fds)
        except OSError:
            pass  # it died while waiting: reaped and reported below like any other end
        finally:
            child.channel.close()
            for fd in fds:
                os.close(fd)  # the pipes now reach EOF exactly when the run's processes are gone
        self._supervise(child, float(request["wall_s"]), started)

    def _supervise(self, child: _Prepared, wall_s: float, started: float) -> None:
        pid, pidfd = child.pid, child.pidfd
        poller = select.poll()
        poller.register(pidfd, select.POLLIN)
        poller.register(self.control.fileno(), select.POLLIN)
        timeout = killed = False
        try:
            while True:
                remaining = started + wall_s - time.monotonic()
                if remaining <= 0:
                    timeout = True
                    os.kill(pid, signal.SIGKILL)
                    break
                ready = dict(poller.poll(remaining * 1000))
                if pidfd in ready:
                    break
                if self.control.fileno() in ready:
                    message = self.control.recv(4096)
                    if not message:
                        os.kill(pid, signal.SIGKILL)
                        os.waitpid(pid, 0)
                        raise SystemExit(0)
                    killed = True
                    os.kill(pid, signal.SIGKILL)
                    break
            _, status, usage = os.wait4(pid, 0)
        finally:
            os.close(pidfd)
        self._send(
            {
                "exit": os.waitstatus_to_exitcode(status),
                "timeout": timeout,
                "killed": killed,
                "cpu_s": usage.ru_utime + usage.ru_stime,
                "maxrss_kb": usage.ru_maxrss,
                "wall_ms": (time.monotonic() - started) * 1000,
            }
        )


def _child(channel: socket.socket, scratch: tuple[int, int], zygote: Zygote) -> None:
    """Confine this process, wait for a run, run it. Never returns."""
    try:
        _confine(channel, scratch, zygote)
        message, fds, _, _ = socket.recv_fds(channel, 65536, 3)
        if not message or len(fds) != 3:
            os._exit(0)  # discarded before use
        _attach(json.loads(message), fds, channel)
    except BaseException:
        os._exit(EXIT_SETUP)
    code = 0
    try:
        _run_harness()
    except MemoryError:
        code = EXIT_MEMORY
    except BaseException:
        code = 1
    os.closerange(0, RESULT_FD + 1)  # EOF for the trusted side now, not after the exit teardown
    os._exit(code)


def _confine(channel: socket.socket, scratch: tuple[int, int], zygote: Zygote) -> None:
    """Everything that does not depend on the run: namespaces, mounts, privileges, filters."""
    os.setsid()
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    zygote.control.close()
    os.close(zygote.own_pidns)
    # Private mounts and IPC objects: nothing a run creates survives it or reaches another run.
    confine.unshare(confine.CLONE_NEWNS | confine.CLONE_NEWIPC)
    confine.mount(None, "/", None, confine.MS_REC | confine.MS_PRIVATE)
    confine.mount(
        "tmpfs",
        SCRATCH,
        "tmpfs",
        confine.MS_NOSUID | confine.MS_NODEV | confine.MS_NOEXEC,
        f"size={scratch[0]}m,nr_inodes={scratch[1]},mode=0755,uid={zygote.uid},gid={zygote.uid}",
    )
    confine.mount("proc", "/proc", "proc", confine.MS_NOSUID | confine.MS_NODEV | confine.MS_NOEXEC)
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
        confine.landlock_restrict(
            zygote.landlock,
            [
                ("/", confine.READ),
                ("/usr", confine.READ | confine.FS_EXECUTE),
                (SCRATCH, confine.READ | confine.WRITE),
                ("/dev", confine.READ | confine.FS_WRITE_FILE | confine.FS_IOCTL_DEV),
            ],
        )
    if zygote.seccomp is not None:
        confine.seccomp_install(zygote.seccomp)


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
            "AS": int(request["memory_mb"]) << 20,
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
    control = socket.socket(fileno=control_fd)
    try:
        Zygote(control, uid, preload).serve()
    except BaseException:
        # Tell the trusted side why, so a broken host set-up is diagnosable from its log.
        with contextlib.suppress(OSError):
            control.send(json.dumps({"fatal": traceback.format_exc()[-4000:]}).encode())
        raise


if __name__ == "__main__":
    main()
