"""Control groups for grading runs: memory (swap included), process count and CPU bandwidth.

Each slot gets two cgroups for its runs (``<our cgroup>/pyroad-<pid>-<n>/slot-<m>``, used
alternately), created
below the cgroup this process already sits in (the delegated-subtree pattern: we create
and remove only our own directories, never touch anyone else's). On v2 a non-root cgroup
that holds processes may not hand controllers to its children (the "no internal processes"
rule: ``EBUSY``), so, as systemd-delegated services do, this process (and the processes it
started) first moves into a leaf, ``<delegated cgroup>/pyroad-supervisor``, and the run
cgroups are created beside that leaf. The zygote moves each
run's child into it before the run is handed over (through ``cgroup.procs`` descriptors
opened here, by the trusted side, and passed into the sandbox), so everything a run forks
and every page it faults in (shared memory, tmpfs and memfd pages included) is charged to
it and capped by the exercise's limits. The memory verdict comes from the kernel's own OOM
counter of that cgroup, never from guessing at an exit status.

A per-slot cgroup is reused: between runs it holds nothing but the next run's confined,
idle child, and its limits are rewritten only when an exercise's limits differ. Creating a
cgroup per run was measured as well (``bench/grading.py`` prints both); see README.

Both kernel interfaces are supported:

- **v2** (unified, what modern distributions and containers delegate): ``memory.max``,
  ``memory.swap.max = 0``, ``memory.oom.group = 1``, ``pids.max``, ``cpu.max``, the OOM
  count from ``memory.events``, ``cgroup.kill`` to end a group.
- **v1** (separate ``memory``, ``pids``, ``cpu`` hierarchies): ``memory.limit_in_bytes``
  and ``memory.memsw.limit_in_bytes`` (equal: no swap), ``pids.max``,
  ``cpu.cfs_quota_us``/``cpu.cfs_period_us``, the OOM count from ``memory.oom_control``'s
  ``oom_kill`` line (``memory.failcnt`` on kernels without it), and SIGKILL to each member
  (through a pidfd, re-checked to be a member, so a recycled pid is never hit).
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import itertools
import os
import re
import signal
import time
from dataclasses import dataclass
from pathlib import Path

CONTROLLERS = ("memory", "pids", "cpu")
SUPERVISOR = "pyroad-supervisor"  # v2: the leaf this process lives in, beside its run cgroups
_instances = itertools.count()
CPU_PERIOD_US = 100_000


class CgroupUnavailable(RuntimeError):
    """No cgroup with the memory, pids and cpu controllers can be had here; says why."""


@dataclass(frozen=True)
class CgroupLimits:
    """What one run may use in total, whatever it forks."""

    memory_bytes: int
    pids: int
    cpus: float = 1.0  # CPU bandwidth, in cores

    @property
    def cpu_quota_us(self) -> int:
        return max(1000, int(self.cpus * CPU_PERIOD_US))


def v2_writes(limits: CgroupLimits) -> list[tuple[str, str]]:
    """Files and values for a v2 cgroup, in a valid order."""
    return [
        ("memory.max", str(limits.memory_bytes)),
        ("memory.swap.max", "0"),
        ("memory.oom.group", "1"),  # an OOM kill ends the whole run, not one random process
        ("pids.max", str(limits.pids)),
        ("cpu.max", f"{limits.cpu_quota_us} {CPU_PERIOD_US}"),
    ]


def v1_writes(
    limits: CgroupLimits, current_memory: int, swap_accounting: bool
) -> list[tuple[str, str, str]]:
    """(controller, file, value) for v1, ordered so memsw never drops below memory."""
    memory = [("memory", "memory.limit_in_bytes", str(limits.memory_bytes))]
    if swap_accounting:
        memsw = ("memory", "memory.memsw.limit_in_bytes", str(limits.memory_bytes))
        # memsw.limit must stay >= limit_in_bytes at every moment.
        memory = [memsw, *memory] if limits.memory_bytes > current_memory else [*memory, memsw]
    else:
        memory.append(("memory", "memory.swappiness", "0"))
    return [
        *memory,
        ("pids", "pids.max", str(limits.pids)),
        ("cpu", "cpu.cfs_period_us", str(CPU_PERIOD_US)),
        ("cpu", "cpu.cfs_quota_us", str(limits.cpu_quota_us)),
    ]


def parse_oom_kills(text: str) -> int:
    """The ``oom_kill`` count of v1 ``memory.oom_control`` or v2 ``memory.events``."""
    for line in text.splitlines():
        key, _, value = line.partition(" ")
        if key == "oom_kill":
            return int(value)
    return -1


@dataclass(frozen=True)
class Layout:
    """Where our cgroups go: one directory per v1 controller, or one v2 directory."""

    version: int
    parents: dict[str, Path]  # controller (or "unified") -> the cgroup this process is in

    def slot_dirs(self, base: str, index: int) -> dict[str, Path]:
        return {name: parent / base / f"slot-{index}" for name, parent in self.parents.items()}


def detect(proc_cgroup: str, mountinfo: str) -> Layout:
    """Find this process's cgroups from ``/proc/self/cgroup`` and ``/proc/self/mountinfo``.

    Prefers v2 when its mount offers memory, pids and cpu; else v1 hierarchies for each.
    Raises ``CgroupUnavailable`` naming what is missing.
    """
    v1_mounts: dict[str, tuple[str, str]] = {}  # controller -> (mount point, mount root)
    v2_mount: tuple[str, str] | None = None
    for line in mountinfo.splitlines():
        fields = line.split()
        if " - " not in line or len(fields) < 10:
            continue
        separator = fields.index("-")
        fstype, options = fields[separator + 1], fields[separator + 3].split(",")
        root, point = fields[3], fields[4]
        if fstype == "cgroup2":
            v2_mount = (point, root)
        elif fstype == "cgroup":
            for option in options:
                if option in CONTROLLERS or option == "cpuacct":
                    v1_mounts.setdefault(option, (point, root))
    membership: dict[str, str] = {}
    unified_path: str | None = None
    for line in proc_cgroup.splitlines():
        number, _, rest = line.partition(":")
        names, _, path = rest.partition(":")
        if number == "0" and names == "":
            unified_path = path
        for name in names.split(","):
            membership[name] = path
    problems: list[str] = []
    if v2_mount is not None and unified_path is not None:
        base = _under(v2_mount, unified_path)
        available = _read(Path(v2_mount[0]) / "cgroup.controllers").split()
        if all(name in available for name in CONTROLLERS):
            return Layout(2, {"unified": base})
        problems.append(
            f"cgroup v2 at {v2_mount[0]} offers {available or 'no controllers'}, not all of "
            f"{', '.join(CONTROLLERS)}"
        )
    missing = [name for name in CONTROLLERS if name not in v1_mounts or name not in membership]
    if not missing:
        return Layout(1, {name: _under(v1_mounts[name], membership[name]) for name in CONTROLLERS})
    problems.append(f"cgroup v1 lacks the {', '.join(missing)} controller(s)")
    raise CgroupUnavailable("; ".join(problems))


def _under(mount: tuple[str, str], path: str) -> Path:
    """The directory of cgroup ``path`` given a mount (point, root inside the hierarchy).

    In a cgroup namespace whose root lies below the mount's (a host hierarchy mounted into a
    container with a private namespace: the kernel shows the mount root as ``/../..``, our
    cgroup as ``/``), the namespace root is found as the directory that many levels down
    whose ``path`` holds this process; never the mount's top, which is the host's root.
    """
    point, root = mount
    if root.startswith("/.."):
        ups = root.split("/")[1:]
        if any(part != ".." for part in ups):
            raise CgroupUnavailable(
                f"the cgroup mount at {point} ({root}) is outside this process's cgroup "
                "namespace: mount the cgroup filesystem from inside that namespace, or run in the "
                "host's cgroup namespace"
            )
        level = [Path(point)]
        for _ in ups:
            level = [entry for parent in level for entry in _subdirs(parent)]
        pid = str(os.getpid())
        found = [d / path.lstrip("/") for d in level if pid in _proc_members(d, path)]
        if len(found) != 1:
            raise CgroupUnavailable(
                f"cannot find this process's cgroup {path} in the cgroup mount at {point}, "
                f"which begins {len(ups)} level(s) above its cgroup namespace"
            )
        return found[0]
    relative = path[len(root) :] if root != "/" and path.startswith(root) else path
    return Path(point) / relative.lstrip("/")


def _subdirs(path: Path) -> list[Path]:
    try:
        return [entry for entry in path.iterdir() if entry.is_dir()]
    except OSError:
        return []


def _proc_members(namespace_root: Path, path: str) -> list[str]:
    return _read(namespace_root / path.lstrip("/") / "cgroup.procs").split()


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:
        return ""


def _write(path: Path, value: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CLOEXEC)
    try:
        os.write(fd, value.encode())
    finally:
        os.close(fd)


class Cgroups:
    """This process's cgroup subtree for grading: created on start, removed on close."""

    def __init__(self, layout: Layout | None = None) -> None:
        if layout is None:
            layout = detect(_read(Path("/proc/self/cgroup")), _read(Path("/proc/self/mountinfo")))
        if layout.version == 2:
            delegated = layout.parents["unified"]
            if delegated.name == SUPERVISOR:  # already moved (an earlier sandbox, or a parent)
                delegated = delegated.parent
            try:
                enter_leaf(delegated)
            except OSError as error:
                raise CgroupUnavailable(_explain(error, layout)) from error
            layout = Layout(2, {"unified": delegated})
        self.layout = layout
        # Named with our pid (and a count: one process may hold several sandboxes).
        self.name = f"pyroad-{os.getpid()}-{next(_instances)}"
        self.bases = {name: parent / self.name for name, parent in layout.parents.items()}
        for parent in layout.parents.values():
            _sweep_dead(parent, layout.version)
        created: list[Path] = []
        try:
            for base in self.bases.values():
                base.mkdir(mode=0o755)
                created.append(base)
            if layout.version == 2:
                self._delegate_v2()
        except OSError as error:
            for path in reversed(created):
                with contextlib.suppress(OSError):
                    path.rmdir()
            raise CgroupUnavailable(_explain(error, layout)) from error
        atexit.register(self.close)  # even if the owner forgets: no cgroup outlives us

    def _delegate_v2(self) -> None:
        parent = self.layout.parents["unified"]
        wanted = " ".join(f"+{name}" for name in CONTROLLERS)
        enabled = _read(parent / "cgroup.subtree_control").split()
        if not all(name in enabled for name in CONTROLLERS):
            _write(parent / "cgroup.subtree_control", wanted)
        _write(self.bases["unified"] / "cgroup.subtree_control", wanted)

    def weigh(self, slots: int) -> None:
        """Give our subtree the CPU weight of ``slots`` ordinary processes: under contention
        each run then gets what it got as a process of its own, before it had a cgroup."""
        with contextlib.suppress(OSError):  # a fairness setting, not a bound: best effort
            if self.layout.version == 2:
                _write(self.bases["unified"] / "cpu.weight", str(min(10_000, 100 * slots)))
            else:
                _write(self.bases["cpu"] / "cpu.shares", str(min(262_144, 1024 * slots)))

    def slot(self, index: int) -> SlotCgroup:
        return SlotCgroup(self.layout.version, self.layout.slot_dirs(self.name, index))

    def close(self) -> None:
        """Remove our directories (slots first); anything still inside is killed first."""
        for base in self.bases.values():
            with contextlib.suppress(OSError):
                for child in base.iterdir():
                    if child.is_dir() and child.name.startswith("slot-"):
                        SlotCgroup(self.layout.version, {"x": child}).remove()
        for base in self.bases.values():
            with contextlib.suppress(OSError):
                base.rmdir()


def enter_leaf(delegated: Path, controllers: tuple[str, ...] = CONTROLLERS) -> None:
    """Leave ``delegated`` (v2) for its leaf ``pyroad-supervisor`` if it holds processes, so
    that ``controllers`` can then be enabled in its ``cgroup.subtree_control``.

    Moves this process (a pid in ``cgroup.procs`` moves every thread of it) and the
    processes it started; never another's. Raises ``CgroupUnavailable`` naming the
    processes that remain (a reloader, a shell, an init that started us), after moving ours
    back and removing the leaf if we made it. The hierarchy's real root (no ``cgroup.type``)
    is exempt from the rule and left as it is.
    """
    members = _procs(delegated)
    if not members or not (delegated / "cgroup.type").exists():
        return
    leaf = delegated / SUPERVISOR
    made = False
    with contextlib.suppress(FileExistsError):
        leaf.mkdir(mode=0o755)
        made = True
    me = os.getpid()
    ours = [pid for pid in members if _descends_from(pid, me)]
    moved: list[int] = []
    for pid in ours:
        try:
            _write(leaf / "cgroup.procs", str(pid))
            moved.append(pid)
        except ProcessLookupError:  # it ended meanwhile
            continue
    others = [pid for pid in _procs(delegated) if pid not in moved]
    if not others:
        return
    for pid in moved:  # leave things as we found them
        with contextlib.suppress(OSError):
            _write(delegated / "cgroup.procs", str(pid))
    if made:
        with contextlib.suppress(OSError):
            leaf.rmdir()
    named = ", ".join(f"{pid} ({_command(pid)})" for pid in others[:5])
    raise CgroupUnavailable(
        f"cgroup v2: processes pyroad did not start share its cgroup {delegated}: {named}"
        f"{' …' if len(others) > 5 else ''}. A cgroup that holds processes cannot hand the "
        f"{', '.join(controllers)} controllers to its children (the kernel's no-internal-"
        "process rule), and pyroad moves only itself and its own children. Start pyroad as "
        "the service's or container's main process (systemd ExecStart with Delegate=yes, a "
        "container's exec-form command; no reloader, shell or init wrapper in between), or "
        "move those processes into a leaf cgroup of their own first."
    )


def settle(layout: Layout | None = None) -> None:
    """Before starting processes that each grade (``pyroad serve --workers N``): on v2, move
    into the leaf now, so that they start there and find the delegated cgroup free for their
    run cgroups (each would otherwise find the others, not its own, in the way). Best
    effort: what is wrong, each process's own ``Cgroups()`` reports."""
    with contextlib.suppress(CgroupUnavailable, OSError):
        if layout is None:
            layout = detect(_read(Path("/proc/self/cgroup")), _read(Path("/proc/self/mountinfo")))
        if layout.version == 2:
            delegated = layout.parents["unified"]
            enter_leaf(delegated.parent if delegated.name == SUPERVISOR else delegated)


def _procs(cgroup: Path) -> list[int]:
    return [int(pid) for pid in _read(cgroup / "cgroup.procs").split()]


def _descends_from(pid: int, ancestor: int) -> bool:
    """``pid`` is ``ancestor`` or one of its descendants (``/proc/<pid>/stat`` parent links)."""
    seen = 0
    while pid > 1 and seen < 4096:
        if pid == ancestor:
            return True
        stat = _proc(pid, "stat")
        fields = stat[stat.rfind(")") + 1 :].split()
        if len(fields) < 2:
            return False
        pid, seen = int(fields[1]), seen + 1
    return pid == ancestor


def _command(pid: int) -> str:
    return _proc(pid, "comm").strip() or "?"


def _proc(pid: int, name: str) -> str:
    """``/proc/<pid>/<name>`` ("" once the process is gone)."""
    try:
        return Path(f"/proc/{pid}/{name}").read_text()
    except OSError:
        return ""


_OURS = re.compile(r"pyroad-(\d+)(?:-\d+)?")


def _sweep_dead(parent: Path, version: int) -> None:
    """Remove subtrees a pyroad process made and could not remove (it was killed)."""
    with contextlib.suppress(OSError):
        for entry in parent.iterdir():
            match = _OURS.fullmatch(entry.name)
            if not match or not entry.is_dir() or _alive(int(match.group(1))):
                continue
            for child in entry.iterdir():
                if child.is_dir() and child.name.startswith("slot-"):
                    SlotCgroup(version, {"x": child}).remove()
            with contextlib.suppress(OSError):
                entry.rmdir()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _explain(error: OSError, layout: Layout) -> str:
    where = ", ".join(str(path) for path in layout.parents.values())
    if layout.version == 2 and error.errno == errno.EBUSY:
        return (
            f"cgroup v2: cannot enable controllers below {where}: that cgroup still holds "
            "processes (the no-internal-process rule). Start pyroad in a delegated cgroup of "
            "its own (systemd Delegate=yes, or a container with a private cgroup namespace)."
        )
    if error.errno == errno.EROFS:
        return (
            f"cannot create cgroups below {where}: the cgroup filesystem is mounted read-only "
            "(a container's default). Grading needs it writable: a systemd service with "
            "Delegate=yes and no ProtectControlGroups, or a container whose cgroup mount is "
            "writable (see docs/deploy.md)."
        )
    return (
        f"cannot create cgroups below {where}: {error.strerror}. Grading needs a writable, "
        "delegated cgroup subtree (root, or systemd Delegate=yes) with the memory, pids and "
        "cpu controllers."
    )


class SlotCgroup:
    """One slot's run cgroup: limits, OOM count, membership, kill."""

    def __init__(self, version: int, dirs: dict[str, Path]) -> None:
        self.version = version
        self.dirs = dirs
        self.applied: CgroupLimits | None = None
        self._memory = dirs.get("memory") or dirs.get("unified") or next(iter(dirs.values()))
        self._pids = dirs.get("pids") or self._memory
        self.swap_accounting = (
            version == 2 or (self._memory / "memory.memsw.limit_in_bytes").exists()
        )
        self._held: dict[Path, int] = {}  # files read on every run, kept open (pread)

    def _hot(self, path: Path) -> str:
        """Read a file checked after every run through a descriptor kept open."""
        fd = self._held.get(path)
        if fd is None:
            try:
                fd = self._held[path] = os.open(path, os.O_RDWR | os.O_CLOEXEC)
            except PermissionError:
                fd = self._held[path] = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
            except OSError:
                return ""
        try:
            return os.pread(fd, 4096, 0).decode()
        except OSError:
            return ""

    def close_files(self) -> None:
        for fd in self._held.values():
            os.close(fd)
        self._held.clear()

    def create(self) -> None:
        for path in self.dirs.values():
            path.mkdir(mode=0o755, exist_ok=True)
        if self.version == 1:  # the v1 pids/cpu controllers need nothing else; memory neither
            with contextlib.suppress(OSError):
                _write(self._memory / "memory.oom_control", "0")
        self.swap_accounting = (
            self.version == 2 or (self._memory / "memory.memsw.limit_in_bytes").exists()
        )

    def procs_fds(self) -> list[int]:
        """Write-only descriptors of each hierarchy's ``cgroup.procs``, to pass to the zygote."""
        return [os.open(path / "cgroup.procs", os.O_WRONLY) for path in self.dirs.values()]

    def apply(self, limits: CgroupLimits) -> None:
        """Set the run limits (a no-op when unchanged since the last run)."""
        if limits == self.applied:
            return
        if self.version == 2:
            for name, value in v2_writes(limits):
                _write(self._memory / name, value)
        else:
            current = int(_read(self._memory / "memory.limit_in_bytes") or 0)
            for controller, name, value in v1_writes(limits, current, self.swap_accounting):
                _write(self.dirs[controller] / name, value)
        self.applied = limits

    def oom_kills(self) -> int:
        """How many processes the kernel's OOM killer has ended in this cgroup so far."""
        name = "memory.events" if self.version == 2 else "memory.oom_control"
        count = parse_oom_kills(self._hot(self._memory / name))
        if count < 0 and self.version == 1:  # kernels before 4.13: limit hits instead
            count = int(_read(self._memory / "memory.failcnt") or 0)
        return max(count, 0)

    @property
    def _peak_path(self) -> Path:
        return self._memory / ("memory.peak" if self.version == 2 else "memory.max_usage_in_bytes")

    def peak_bytes(self) -> int:
        return int(self._hot(self._peak_path) or 0)

    def reset_peak(self) -> None:
        """Start the next run's peak from zero (v1; on v2 kernels >= 6.12 a write to
        ``memory.peak`` resets it for that descriptor, which is the one kept here)."""
        self._hot(self._peak_path)
        fd = self._held.get(self._peak_path)
        if fd is not None:
            with contextlib.suppress(OSError):
                os.pwrite(fd, b"0", 0)

    def usage_bytes(self) -> int:
        name = "memory.current" if self.version == 2 else "memory.usage_in_bytes"
        return int(_read(self._memory / name) or 0)

    def tasks(self) -> int:
        """Tasks (threads included) in the cgroup right now."""
        return int(self._hot(self._pids / "pids.current") or 0)

    def members(self) -> list[int]:
        return [int(pid) for pid in _read(self._pids / "cgroup.procs").split()]

    def kill_all(self, timeout: float = 5.0) -> bool:
        """Kill every process in the cgroup and wait until it is empty; False on time-out."""
        deadline = time.monotonic() + timeout
        if self.version == 2:
            with contextlib.suppress(OSError):
                _write(self._pids / "cgroup.kill", "1")
        while True:
            members = self.members()
            if not members:
                return True
            if time.monotonic() > deadline:
                return False
            if self.version == 1:
                for pid in members:
                    self._kill_member(pid)
            time.sleep(0.002)

    def _kill_member(self, pid: int) -> None:
        """SIGKILL ``pid`` only if, once held by a pidfd, it is still one of ours."""
        try:
            pidfd = os.pidfd_open(pid)
        except OSError:
            return
        try:
            if str(self._pids).endswith(_cgroup_of(pid)):
                signal.pidfd_send_signal(pidfd, signal.SIGKILL)
        except OSError:
            pass
        finally:
            os.close(pidfd)

    def remove(self) -> None:
        self.close_files()
        self.kill_all()
        for path in self.dirs.values():
            for _ in range(50):  # a just-killed group can take a moment to be released
                try:
                    path.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.01)


def _cgroup_of(pid: int) -> str:
    """``pid``'s cgroup path in the pids hierarchy (v1) or the unified one (v2)."""
    for line in _read(Path(f"/proc/{pid}/cgroup")).splitlines():
        _, names, path = line.split(":", 2)
        if ("pids" in names.split(",") or names == "") and path.strip():
            return path.strip()
    return "\0"  # never a suffix of a real path
