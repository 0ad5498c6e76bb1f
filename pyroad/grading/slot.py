"""One sandbox slot: a bubblewrap container holding one warm zygote, and how to start it.

The slot is the outer boundary, set up once and reused: user, PID, network, IPC, UTS (and
cgroup) namespaces; a network namespace of its own holding only a loopback that reaches
nothing of the host (and runs cannot even open IP sockets: seccomp and Landlock); and a
read-only view of only what Python and git need: the interpreter (bound at a neutral path),
the project's site-packages, shared libraries, git, and two synthetic files in ``/etc``.
The zygote inside forks one further-confined child per run (see ``zygote.py``).

bubblewrap's arguments are the policy, so they are all built here, in one place.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyroad.grading.sandbox import SandboxUnavailable

GRADING_DIR = Path(__file__).resolve().parent
SANDBOX_UID = 1000  # the uid inside the sandbox; outside it is the slot's uid
SLOT_UID_BASE = 1_790_000_000  # host uids for slots when the grader runs as root (unused range)
SCRATCH = "/tmp"  # noqa: S108 - each run mounts its own private tmpfs here
STAGE = "/tmp/stage"  # noqa: S108 - in the launcher's private mount namespace (launcher.py)
NEUTRAL_PYTHON = "/opt/python"
NEUTRAL_SITE = "/opt/site-packages"
NEUTRAL_GRADING = "/opt/pyroad-grading"
SYSTEM_BINDS = (  # identity binds, read-only, when present on the host
    "/usr/lib",
    "/usr/lib64",
    "/usr/bin/git",
    "/usr/bin/true",
    "/usr/share/git-core",
    "/usr/share/zoneinfo",
    "/etc/ld.so.cache",
)
DEVICES = ("/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom")
PASSWD = f"learner:x:{SANDBOX_UID}:{SANDBOX_UID}:learner:/tmp/work:/usr/sbin/nologin\n"
GROUP = f"learner:x:{SANDBOX_UID}:\n"
BOOT = (
    "import sys; sys.path[:0] = [{grading!r}]; sys.path += {site!r}; import zygote; zygote.main()"
)


LAUNCH = "import sys; sys.path.insert(0, {grading!r}); import launcher; launcher.main()"


class SlotStartError(RuntimeError):
    """A slot did not become ready; the message carries bubblewrap's or Python's error."""


@dataclass(frozen=True)
class RuntimeView:
    """Host paths bound into the sandbox (source → destination) and the interpreter to run."""

    binds: tuple[tuple[str, str], ...]
    python: str
    site_dirs: tuple[str, ...]
    env: tuple[tuple[str, str], ...] = field(default=())

    @classmethod
    def for_this_interpreter(cls) -> RuntimeView:
        prefix = Path(sys.base_prefix).resolve()
        executable = Path(sys.executable).resolve()
        binds: list[tuple[str, str]] = []
        env: list[tuple[str, str]] = []
        if prefix == Path("/usr"):  # a distribution's Python: already under /usr/lib
            python = str(executable)
            binds.append((python, python))
        else:
            binds.append((str(prefix), NEUTRAL_PYTHON))
            python = f"{NEUTRAL_PYTHON}/{executable.relative_to(prefix)}"
            # Interpreters built with an absolute RUNPATH (pyenv) find libpython through this.
            env.append(("LD_LIBRARY_PATH", f"{NEUTRAL_PYTHON}/lib"))
        site_dirs: list[str] = []
        paths = sysconfig.get_paths()
        for index, key in enumerate(dict.fromkeys(("purelib", "platlib"))):
            source = str(Path(paths[key]).resolve())
            if Path(source).is_dir() and source not in (s for s, _ in binds):
                destination = NEUTRAL_SITE if index == 0 else f"{NEUTRAL_SITE}-{index}"
                binds.append((source, destination))
                site_dirs.append(destination)
        binds.append((str(GRADING_DIR), NEUTRAL_GRADING))
        return cls(tuple(binds), python, tuple(site_dirs), tuple(env))


def find_bwrap() -> str:
    path = shutil.which("bwrap")
    if path is None:
        raise SandboxUnavailable(
            "Grading needs bubblewrap, which is not installed: run `apt-get install bubblewrap` "
            "(Debian/Ubuntu) or `dnf install bubblewrap`. For development only, "
            "PYROAD_SANDBOX=unsafe-subprocess PYROAD_UNSAFE_DEV_SANDBOX=1 runs code unconfined."
        )
    return path


def bwrap_argv(
    bwrap: str,
    view: RuntimeView,
    binds: list[tuple[str, str]],
    control_fd: int,
    data_fds: tuple[int, int],
    preload: tuple[str, ...] | None,
) -> list[str]:
    """The full bubblewrap command line for one slot (``binds`` may point at staged paths)."""
    argv = [
        bwrap,
        "--unshare-user", "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
        "--unshare-cgroup-try",
        "--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_UID),
        "--cap-add", "ALL",  # capabilities inside the slot's user namespace only; runs drop them
        "--hostname", "sandbox",
        "--die-with-parent", "--new-session",
    ]  # fmt: skip
    for source, destination in binds:
        argv += ["--ro-bind", source, destination]
    for source in SYSTEM_BINDS:
        if Path(source).exists():
            argv += ["--ro-bind", source, source]
    for link in ("/lib", "/lib64", "/bin"):
        if Path(link).is_symlink():
            argv += ["--symlink", str(Path(link).readlink()), link]
        elif Path(link).is_dir():
            argv += ["--ro-bind", link, link]
    argv += ["--ro-bind-data", str(data_fds[0]), "/etc/passwd"]
    argv += ["--ro-bind-data", str(data_fds[1]), "/etc/group"]
    # Device nodes one by one: bubblewrap's --dev would mount devpts, which makes it nest a
    # second user namespace; the zygote needs its capabilities in the namespace that owns
    # the slot's PID namespace to give each run a PID namespace of its own.
    for device in DEVICES:
        argv += ["--dev-bind", device, device]
    for name, target in (
        ("fd", "/proc/self/fd"),
        ("stdin", "/proc/self/fd/0"),
        ("stdout", "/proc/self/fd/1"),
        ("stderr", "/proc/self/fd/2"),
    ):
        argv += ["--symlink", target, f"/dev/{name}"]
    argv += ["--proc", "/proc", "--dir", SCRATCH, "--remount-ro", "/"]
    for name, value in (*view.env, ("LANG", "C.UTF-8")):
        argv += ["--setenv", name, value]
    argv += ["--chdir", "/", view.python, "-I", "-S", "-B", "-c"]
    argv.append(BOOT.format(grading=NEUTRAL_GRADING, site=list(view.site_dirs)))
    argv += [str(control_fd), str(SANDBOX_UID), ",".join(preload) if preload is not None else ""]
    return argv


class Slot:
    """A running slot: the bubblewrap process, its control socket and bookkeeping."""

    def __init__(
        self, index: int, process: subprocess.Popen[bytes], control: socket.socket
    ) -> None:
        self.index = index
        self.process = process
        self.control = control
        self.runs = 0
        self.report_due: float | None = None  # a finished run's exit report is still to come
        self.channel: socket.socket | None = None  # to the zygote's ready, confined child
        self.channel_scratch: tuple[int, int] | None = None
        self.preloaded: set[str] = set()  # frameworks its zygote has imported on demand
        self.info: dict[str, Any] = {}

    @classmethod
    def start(
        cls, index: int, bwrap: str, view: RuntimeView, preload: tuple[str, ...] | None
    ) -> Slot:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        data_fds = [_data_pipe(PASSWD), _data_pipe(GROUP)]
        as_root = os.geteuid() == 0
        binds = list(view.binds)
        if as_root:
            binds = [(f"{STAGE}{n}", destination) for n, (_, destination) in enumerate(view.binds)]
        argv = bwrap_argv(bwrap, view, binds, theirs.fileno(), (data_fds[0], data_fds[1]), preload)
        if as_root:
            uid = SLOT_UID_BASE + index
            spec = {
                "uid": uid,
                "stage": [[s, f"{STAGE}{n}"] for n, (s, _) in enumerate(view.binds)],
                "argv": argv,
            }
            boot = LAUNCH.format(grading=str(GRADING_DIR))
            argv = [
                str(Path(sys.executable).resolve()),
                "-I",
                "-S",
                "-B",
                "-c",
                boot,
                json.dumps(spec),
            ]
        try:
            process = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                pass_fds=(theirs.fileno(), *data_fds),
                env={},
                start_new_session=True,
            )
        finally:
            theirs.close()
            for fd in data_fds:
                os.close(fd)
        return cls(index, process, ours)

    def wait_ready(self, timeout: float) -> None:
        """Block until the zygote says it is ready; raise ``SlotStartError`` otherwise."""
        self.control.settimeout(timeout)
        try:
            message = self.control.recv(65536)
        except (TimeoutError, OSError):
            message = b""
        self.control.settimeout(None)
        if message:
            self.info = json.loads(message)
            if self.info.get("ready"):
                self._close_stderr()
                return
        self.kill()
        assert self.process.stderr is not None
        error = self.process.stderr.read(8192).decode(errors="replace").strip()
        self._close_stderr()
        raise SlotStartError(error or f"the sandbox exited with {self.process.returncode}")

    def receive(self, timeout: float | None) -> dict[str, Any] | None:
        """The zygote's next message, keeping the ready child's socket if one came with it.

        None on end of file, time-out or a message that is not a JSON object.
        """
        self.control.settimeout(timeout)
        try:
            data, fds, _, _ = socket.recv_fds(self.control, 65536, 1)
        except OSError:
            return None
        finally:
            self.control.settimeout(None)
        for fd in fds:
            if self.channel is not None:
                self.channel.close()
            self.channel = socket.socket(fileno=fd)
        try:
            message = json.loads(data) if data else None
        except ValueError:
            return None
        if not isinstance(message, dict):
            return None
        if fds:
            self.channel_scratch = None
            if "prepared" in message:
                self.channel_scratch = (int(message["prepared"][0]), int(message["prepared"][1]))
        return message

    def _close_stderr(self) -> None:
        if self.process.stderr is not None:
            self.process.stderr.close()

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def idle_and_quiet(self) -> bool:
        """An idle zygote never speaks: anything readable (EOF included) means it is gone."""
        poller = select.poll()
        poller.register(self.control, select.POLLIN | select.POLLHUP)
        return not poller.poll(0)

    def kill(self) -> None:
        """Kill bubblewrap; --die-with-parent and the PID namespace take the rest with it."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        self.control.close()
        if self.channel is not None:
            self.channel.close()

    def process_tree(self) -> list[int]:
        """Host pids of the slot's processes: bubblewrap, its init, the zygote, any run."""
        pids, pending, deadline = [], [self.process.pid], time.monotonic() + 1
        while pending and time.monotonic() < deadline:
            pid = pending.pop()
            try:
                children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            except OSError:
                continue
            pids.append(pid)
            pending += [int(child) for child in children]
        return pids

    def rss_kb(self) -> int:
        """Resident memory of the slot's whole process tree, in KiB."""
        total = 0
        for pid in self.process_tree():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        return total


def _data_pipe(text: str) -> int:
    """A pipe's read end already holding ``text`` (small, so the write never blocks)."""
    read_fd, write_fd = os.pipe()
    os.write(write_fd, text.encode())
    os.close(write_fd)
    return read_fd
