"""One sandbox slot: a bubblewrap container holding one warm zygote, and how to start it.

The slot is the outer boundary, set up once and reused: user, PID, network, IPC, UTS (and
cgroup) namespaces; a network namespace of its own holding only a loopback that reaches
nothing of the host (and runs cannot even open IP sockets: seccomp and Landlock); and a
read-only view of only what Python and git exercises need: the interpreter (bound at a
neutral path), the project's site-packages, shared libraries, git, bash and a few file tools
(``harness.SHELL_TOOLS``), and two synthetic files in ``/etc``.
The zygote inside forks one further-confined child per run (see ``zygote.py``).

bubblewrap's arguments are the policy, so they are all built here, in one place.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import select
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyroad.grading import runtime, uids
from pyroad.grading.cgroups import SlotCgroup
from pyroad.grading.harness import SHELL_TOOLS
from pyroad.grading.sandbox import SandboxUnavailable

GRADING_DIR = Path(__file__).resolve().parent
SANDBOX_UID = 1000  # the uid inside the sandbox; outside it is the slot's uid
SCRATCH = "/tmp"  # noqa: S108 - each run mounts its own private tmpfs here
STAGE = "/tmp/stage"  # noqa: S108 - in the launcher's private mount namespace (launcher.py)
# Under /usr: the only place runs may map or execute code from (everything else is noexec).
NEUTRAL_PYTHON = "/usr/lib/pyroad/python"
NEUTRAL_SITE = "/usr/lib/pyroad/site-packages"
NEUTRAL_GRADING = "/opt/pyroad-grading"
# Programs git runs may execute (zygote.py's Landlock rules): git, its helpers, core.editor's
# true, and bash with a few file tools for the learner's commands. Python runs see them too,
# but cannot execute anything (seccomp denies execve).
EXECUTABLES = ("/usr/bin/git", "/usr/lib/git-core", "/usr/bin/true", *SHELL_TOOLS)
SYSTEM_BINDS = (  # identity binds, read-only, when present on the host (libraries: runtime.py)
    *EXECUTABLES,
    "/usr/share/git-core",
    "/usr/share/zoneinfo",
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
    """Host paths bound into the sandbox (source → destination) and the interpreter to run.

    Sources are a neutral copy of the runtime (``runtime.neutral_tree``), so the run's
    mountinfo names no host path; ``libraries`` and ``links`` are the shared libraries the
    interpreter, its extension modules and git need, bound one by one.
    """

    binds: tuple[tuple[str, str], ...]
    python: str
    site_dirs: tuple[str, ...]
    env: tuple[tuple[str, str], ...] = field(default=())
    libraries: tuple[str, ...] = field(default=())
    links: tuple[tuple[str, str], ...] = field(default=())
    tree: str = ""

    @classmethod
    def for_this_interpreter(cls) -> RuntimeView:
        prefix = Path(sys.base_prefix).resolve()
        executable = Path(sys.executable).resolve()
        paths = sysconfig.get_paths()
        sites = [Path(paths[key]).resolve() for key in dict.fromkeys(("purelib", "platlib"))]
        sites = [site for site in dict.fromkeys(sites) if site.is_dir()]
        tree = runtime.neutral_tree(prefix, executable, sites)
        binds: list[tuple[str, str]] = [(str(tree / "python"), NEUTRAL_PYTHON)]
        python = f"{NEUTRAL_PYTHON}/bin/{executable.name}"
        # Interpreters built with an absolute RUNPATH (pyenv) find libpython through this.
        env = [("LD_LIBRARY_PATH", f"{NEUTRAL_PYTHON}/lib")]
        site_dirs: list[str] = []
        for index in range(len(sites)):
            destination = NEUTRAL_SITE if index == 0 else f"{NEUTRAL_SITE}-{index}"
            binds.append((str(tree / f"site-{index}"), destination))
            site_dirs.append(destination)
        binds.append((str(runtime.grading_copy(tree, GRADING_DIR)), NEUTRAL_GRADING))
        roots = (str(executable), str(prefix / "lib"), *map(str, sites), *EXECUTABLES)
        libraries, links = runtime.library_binds(runtime.library_closure(roots))
        return cls(
            tuple(binds),
            python,
            tuple(site_dirs),
            tuple(env),
            tuple(libraries),
            tuple(links),
            str(tree),
        )


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
    config: str = "",
    own_ipc: bool = True,
) -> list[str]:
    """The full bubblewrap command line for one slot (``binds`` may point at staged paths).

    ``own_ipc=False`` when the launcher already made (and sized) the IPC namespace."""
    argv = [
        bwrap,
        "--unshare-user", *(["--unshare-ipc"] if own_ipc else []),
        "--unshare-pid", "--unshare-net", "--unshare-uts",
        "--unshare-cgroup-try",
        "--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_UID),
        "--cap-add", "ALL",  # capabilities inside the slot's user namespace only; runs drop them
        "--hostname", "sandbox",
        "--die-with-parent", "--new-session",
    ]  # fmt: skip
    for source, destination in binds:
        argv += ["--ro-bind", source, destination]
    for source in (*SYSTEM_BINDS, *view.libraries):
        if Path(source).exists():
            argv += ["--ro-bind", source, source]
    for target, link in view.links:
        argv += ["--symlink", target, link]
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
    argv.append(config)
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
        self.cgroups: tuple[SlotCgroup, SlotCgroup] | None = None
        self.channel_run = 0  # the id of the run the ready child will carry
        self.channel_cgroup = 0  # which of the two run cgroups holds it
        self.channel_policy = "python"
        self.awaiting_child = False  # a report came; the next child's message is still due
        self.oom_seen = [0, 0]  # each run cgroup's OOM-kill count after its last run

    @classmethod
    def start(
        cls,
        index: int,
        bwrap: str,
        view: RuntimeView,
        preload: tuple[str, ...] | None,
        config: dict[str, Any] | None = None,
        cgroups: tuple[SlotCgroup, SlotCgroup] | None = None,
        uid_index: int | None = None,
    ) -> Slot:
        """Start bubblewrap and the zygote; ``cgroups`` are the slot's two run cgroups
        (runs alternate between them, so the previous run's is checked empty while the
        next child already waits in the other)."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        # The child's descriptors are closed here once it has them, or on any failure.
        with contextlib.ExitStack() as passed:
            passed.callback(theirs.close)
            try:
                data_fds = [passed.enter_context(_data_pipe(text)) for text in (PASSWD, GROUP)]
                cgroup_fds = [
                    [passed.enter_context(_owned(fd)) for fd in group.procs_fds()]
                    for group in cgroups or ()
                ]
                argv = _launch_argv(
                    index if uid_index is None else uid_index,
                    bwrap,
                    view,
                    preload,
                    dict(config or {}, cgroup_fds=cgroup_fds),
                    theirs.fileno(),
                    data_fds,
                )
                process = subprocess.Popen(
                    argv,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    pass_fds=(
                        theirs.fileno(),
                        *data_fds,
                        *(fd for fds in cgroup_fds for fd in fds),
                    ),
                    env={},
                    start_new_session=True,
                )
            except BaseException:
                ours.close()  # no slot holds it: closed now, not left to the collector
                raise
        slot = cls(index, process, ours)
        slot.cgroups = cgroups
        return slot

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
        # The zygote sends its own traceback before it dies: prefer it to stderr, which
        # the kill below may cut mid-traceback on a busy machine.
        fatal = str(self.info.get("fatal", "")).strip() if message else ""
        self.kill()
        assert self.process.stderr is not None
        error = fatal or self.process.stderr.read(8192).decode(errors="replace").strip()
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
        try:
            message = json.loads(data) if data else None
        except ValueError:
            message = None
        if isinstance(message, dict) and "exit" in message:
            for fd in fds:  # a finished run's mount namespace: dropped in the background
                _retire(fd)
            fds = []
        for fd in fds:
            if self.channel is not None:
                self.channel.close()
            self.channel = socket.socket(fileno=fd)
        if not isinstance(message, dict):
            return None
        if fds:
            self.channel_scratch = None
            if "prepared" in message:
                self.channel_scratch = (int(message["prepared"][0]), int(message["prepared"][1]))
                self.channel_run = int(message.get("run", 0))
                self.channel_cgroup = int(message.get("cgroup", 0))
                self.channel_policy = str(message.get("policy", "python"))
                self.awaiting_child = False
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
        """Kill bubblewrap; --die-with-parent and the PID namespace take the rest with it,
        and whatever is still in the run cgroups is killed through them."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        for group in self.cgroups or ():
            group.kill_all()
            group.close_files()
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


_retired: queue.Queue[int] = queue.Queue()
_closer: threading.Thread | None = None
_closer_lock = threading.Lock()


def _retire(fd: int) -> None:
    """Close ``fd`` (a finished run's mount namespace) in a background thread: the last
    reference's teardown waits for an RCU grace period, never on a run's path."""
    global _closer
    with _closer_lock:
        if _closer is None:
            _closer = threading.Thread(target=_close_retired, name="sandbox-retire", daemon=True)
            _closer.start()
    _retired.put(fd)


def _close_retired() -> None:
    while True:
        os.close(_retired.get())


@contextlib.contextmanager
def _data_pipe(text: str) -> Iterator[int]:
    """A pipe's read end already holding ``text`` (small, so the write never blocks),
    closed on leaving."""
    read_fd, write_fd = os.pipe()
    with _owned(read_fd):
        try:
            os.write(write_fd, text.encode())
        finally:
            os.close(write_fd)
        yield read_fd


@contextlib.contextmanager
def _owned(fd: int) -> Iterator[int]:
    """A descriptor closed on leaving."""
    try:
        yield fd
    finally:
        os.close(fd)


def _launch_argv(
    uid_index: int,
    bwrap: str,
    view: RuntimeView,
    preload: tuple[str, ...] | None,
    zygote_config: dict[str, Any],
    control_fd: int,
    data_fds: list[int],
) -> list[str]:
    """bubblewrap's command line; as root, wrapped in the launcher that stages the binds
    and drops to the slot's own uid first."""
    as_root = os.geteuid() == 0
    binds = list(view.binds)
    if as_root:
        binds = [(f"{STAGE}{n}", destination) for n, (_, destination) in enumerate(view.binds)]
    argv = bwrap_argv(
        bwrap,
        view,
        binds,
        control_fd,
        (data_fds[0], data_fds[1]),
        preload,
        json.dumps(zygote_config),
        own_ipc=not as_root,
    )
    if not as_root:
        return argv
    spec = {
        "uid": uids.slot_uid(uid_index),
        "stage": [[s, f"{STAGE}{n}"] for n, (s, _) in enumerate(view.binds)],
        "argv": argv,
    }
    boot = LAUNCH.format(grading=str(GRADING_DIR))
    return [str(Path(sys.executable).resolve()), "-I", "-S", "-B", "-c", boot, json.dumps(spec)]
