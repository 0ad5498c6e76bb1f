"""Kernel confinement for one grading run: namespaces, mounts, capabilities, Landlock, seccomp.

This module runs *inside* the sandbox (in the warm zygote and its children), so it uses the
standard library only and never imports ``pyroad``. Python 3.11 has no ``os.unshare`` or
``os.setns``, and the Landlock and seccomp interfaces have no stdlib wrappers, so they are
called through ``ctypes``. Every call raises ``OSError`` on failure: a confinement step that
silently fails would be worse than a run that does not start.
"""

from __future__ import annotations

import ctypes
import os
import resource
import struct

CLONE_NEWNS = 0x00020000
CLONE_NEWCGROUP = 0x02000000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
CLONE_NEWTIME = 0x00000080
_CLONE_NEW_ANY = (
    CLONE_NEWNS
    | CLONE_NEWCGROUP
    | CLONE_NEWUTS
    | CLONE_NEWIPC
    | CLONE_NEWUSER
    | CLONE_NEWPID
    | CLONE_NEWNET
    | CLONE_NEWTIME
)

MS_RDONLY = 0x1
MS_NOSUID = 0x2
MS_NODEV = 0x4
MS_NOEXEC = 0x8
MS_REMOUNT = 0x20
MS_BIND = 0x1000
MS_REC = 0x4000
MS_PRIVATE = 0x40000

_PR_SET_NO_NEW_PRIVS = 38
_PR_CAPBSET_DROP = 24
_PR_CAP_AMBIENT = 47
_PR_CAP_AMBIENT_CLEAR_ALL = 4
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_LINUX_CAPABILITY_VERSION_3 = 0x20080522

_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long
_libc.mount.argtypes = [
    ctypes.c_char_p,
    ctypes.c_char_p,
    ctypes.c_char_p,
    ctypes.c_ulong,
    ctypes.c_char_p,
]


def _check(result: int, what: str) -> int:
    if result < 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")
    return result


def unshare(flags: int) -> None:
    _check(_libc.unshare(flags), "unshare")


def setns(fd: int, nstype: int) -> None:
    _check(_libc.setns(fd, nstype), "setns")


def mount(source: str | None, target: str, fstype: str | None, flags: int, data: str = "") -> None:
    _check(
        _libc.mount(
            source.encode() if source else None,
            target.encode(),
            fstype.encode() if fstype else None,
            flags,
            data.encode() if data else None,
        ),
        f"mount {target}",
    )


def prctl(option: int, arg2: int = 0, arg3: int = 0) -> None:
    _check(_libc.prctl(option, ctypes.c_ulong(arg2), ctypes.c_ulong(arg3), 0, 0), f"prctl {option}")


def drop_capabilities(last_cap: int) -> None:
    """Empty the bounding, ambient, effective, permitted and inheritable sets."""
    for cap in range(last_cap + 1):
        prctl(_PR_CAPBSET_DROP, cap)
    prctl(_PR_CAP_AMBIENT, _PR_CAP_AMBIENT_CLEAR_ALL)
    header = struct.pack("=Ii", _LINUX_CAPABILITY_VERSION_3, 0)
    data = bytes(24)  # two zeroed __user_cap_data_struct {effective, permitted, inheritable}
    _check(_libc.capset(header, data), "capset")


def no_new_privs() -> None:
    prctl(_PR_SET_NO_NEW_PRIVS, 1)


def last_capability() -> int:
    try:
        with open("/proc/sys/kernel/cap_last_cap", encoding="ascii") as handle:  # noqa: PTH123
            return int(handle.read())
    except OSError:
        return 40


def set_rlimits(limits: dict[str, int]) -> None:
    """``limits`` maps RLIMIT_* names (without the prefix) to one value (soft = hard).

    CPU is the exception: its hard limit is one second above the soft one, so the run first
    gets SIGXCPU (reported as a timeout) and SIGKILL only if it ignores that.
    """
    for name, value in limits.items():
        hard = value + 1 if name == "CPU" else value
        resource.setrlimit(getattr(resource, "RLIMIT_" + name), (value, hard))


_MS_NOATIME, _MS_NODIRATIME, _MS_RELATIME = 0x400, 0x800, 0x200000
_ST_TO_MS = {  # statvfs f_flag bit -> mount flag: a bind remount must keep locked flags
    1: MS_RDONLY, 2: MS_NOSUID, 4: MS_NODEV, 8: MS_NOEXEC,
    1024: _MS_NOATIME, 2048: _MS_NODIRATIME, 4096: _MS_RELATIME,
}  # fmt: skip


def umount(target: str, flags: int = 0) -> None:
    _check(_libc.umount2(target.encode(), flags), f"umount {target}")


def mount_points(mountinfo: str) -> list[str]:
    """Mount points listed in a ``/proc/self/mountinfo`` text (octal escapes decoded)."""
    points = []
    for line in mountinfo.splitlines():
        fields = line.split()
        if len(fields) > 4:
            points.append(fields[4].encode().decode("unicode_escape"))
    return points


def remount_noexec_outside(prefix: str) -> list[str]:
    """Make every mount not under ``prefix`` (nor /proc) noexec; returns those changed.

    Binaries run only from ``prefix`` (/usr); the interpreter and its extension modules
    are bound there too, so nothing else ever needs to be mapped executable.
    """
    with open("/proc/self/mountinfo", encoding="utf-8") as handle:  # noqa: PTH123
        points = mount_points(handle.read())
    changed = []
    for point in dict.fromkeys(points):
        if point == prefix or point.startswith(prefix + "/") or point.startswith("/proc"):
            continue
        flags = os.statvfs(point).f_flag
        keep = 0
        for bit, ms in _ST_TO_MS.items():
            if flags & bit:
                keep |= ms
        if keep & MS_NOEXEC:
            continue
        mount(None, point, None, MS_REMOUNT | MS_BIND | keep | MS_NOEXEC)
        changed.append(point)
    return changed


IPC_LIMITS = {  # a slot's System V IPC namespace: one small segment at most, no queues
    "kernel/shmmax": 32 << 20,
    "kernel/shmall": (32 << 20) // 4096,
    "kernel/shmmni": 4,
    "kernel/shm_rmid_forced": 1,  # a segment dies with the last process attached to it
    "kernel/msgmni": 0,
    "kernel/msgmax": 0,
    "kernel/msgmnb": 0,
    "kernel/sem": "0 0 0 0",
}


def limit_ipc_namespace(proc: str = "/proc", limits: dict[str, object] | None = None) -> None:
    """Size the caller's IPC namespace (it must own it: root of its user namespace).

    Run by the launcher, as root, in a fresh IPC namespace it then hands to the slot:
    the ipc sysctls are writable only by the root of the namespace's owning user
    namespace, which a run (uid 1000 inside the slot) never is.
    """
    for name, value in (limits or IPC_LIMITS).items():
        with open(f"{proc}/sys/{name}", "w", encoding="ascii") as handle:  # noqa: PTH123
            handle.write(str(value))


def mount_pid_proc(target: str) -> None:
    """Mount over ``target`` a procfs of this PID namespace that shows only processes.

    ``subset=pid`` hides meminfo, stat, loadavg and the rest (a side channel on other
    runs and the host); ``hidepid=invisible`` hides processes of other users. The slot's
    procfs stays underneath, unreachable (a run can neither unmount nor see it): no
    unmount here, because an unmount waits for an RCU grace period, which took seconds
    on a loaded host, while the run's wall clock was already running.
    """
    mount("proc", target, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "subset=pid,hidepid=invisible")


# --------------------------------------------------------------------------- Landlock

_LANDLOCK_CREATE_RULESET_VERSION = 1
_LANDLOCK_RULE_PATH_BENEATH = 1
_NR_LANDLOCK_CREATE_RULESET, _NR_LANDLOCK_ADD_RULE, _NR_LANDLOCK_RESTRICT_SELF = 444, 445, 446

FS_EXECUTE = 1 << 0
FS_WRITE_FILE = 1 << 1
FS_READ_FILE = 1 << 2
FS_READ_DIR = 1 << 3
FS_REMOVE_DIR = 1 << 4
FS_REMOVE_FILE = 1 << 5
FS_MAKE_CHAR = 1 << 6
FS_MAKE_DIR = 1 << 7
FS_MAKE_REG = 1 << 8
FS_MAKE_SOCK = 1 << 9
FS_MAKE_FIFO = 1 << 10
FS_MAKE_BLOCK = 1 << 11
FS_MAKE_SYM = 1 << 12
FS_REFER = 1 << 13  # ABI 2
FS_TRUNCATE = 1 << 14  # ABI 3
FS_IOCTL_DEV = 1 << 15  # ABI 5
_FS_BY_ABI = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1, 4: (1 << 15) - 1}
_NET_BIND_TCP, _NET_CONNECT_TCP = 1, 2  # ABI 4
_SCOPE_ABSTRACT_UNIX_SOCKET, _SCOPE_SIGNAL = 1, 2  # ABI 6

READ = FS_READ_FILE | FS_READ_DIR
WRITE = (
    FS_WRITE_FILE
    | FS_REMOVE_DIR
    | FS_REMOVE_FILE
    | FS_MAKE_DIR
    | FS_MAKE_REG
    | FS_MAKE_SOCK
    | FS_MAKE_FIFO
    | FS_MAKE_SYM
    | FS_REFER
    | FS_TRUNCATE
)


def landlock_abi() -> int:
    """The kernel's Landlock ABI version, 0 when Landlock is off or unknown."""
    result = _libc.syscall(_NR_LANDLOCK_CREATE_RULESET, None, 0, _LANDLOCK_CREATE_RULESET_VERSION)
    return max(0, int(result))


def landlock_restrict(abi: int, rules: list[tuple[str, int]]) -> None:
    """Allow only ``rules`` (path, access) on the file system; deny TCP and outside signals.

    Everything the ABI can express is "handled", so any access not granted by a rule is
    denied. Needs no_new_privs first.
    """
    handled_fs = _FS_BY_ABI.get(abi, (1 << 16) - 1)
    handled_net = _NET_BIND_TCP | _NET_CONNECT_TCP if abi >= 4 else 0
    scoped = _SCOPE_ABSTRACT_UNIX_SOCKET | _SCOPE_SIGNAL if abi >= 6 else 0
    if abi >= 6:
        attr = struct.pack("=QQQ", handled_fs, handled_net, scoped)
    elif abi >= 4:
        attr = struct.pack("=QQ", handled_fs, handled_net)
    else:
        attr = struct.pack("=Q", handled_fs)
    ruleset = _check(
        _libc.syscall(_NR_LANDLOCK_CREATE_RULESET, attr, len(attr), 0), "landlock_create_ruleset"
    )
    try:
        for path, access in rules:
            fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            try:
                rule = struct.pack("=Qi", access & handled_fs, fd)
                _check(
                    _libc.syscall(
                        _NR_LANDLOCK_ADD_RULE, ruleset, _LANDLOCK_RULE_PATH_BENEATH, rule, 0
                    ),
                    f"landlock_add_rule {path}",
                )
            finally:
                os.close(fd)
        _check(_libc.syscall(_NR_LANDLOCK_RESTRICT_SELF, ruleset, 0), "landlock_restrict_self")
    finally:
        os.close(ruleset)


def read_all_but(blocked: str) -> list[tuple[str, int]]:
    """Landlock rules granting READ on the whole tree except beneath ``blocked``.

    Landlock only adds rights, so "all but one folder" is spelt out on the way down: each
    sibling of every folder on the path gets READ, the folders themselves only READ_DIR.
    A symlinked sibling that leads back over ``blocked`` (``/lib`` -> ``usr/lib``) is left
    out: its target is reached through the walk anyway.
    """
    target = os.path.realpath(blocked)
    rules: list[tuple[str, int]] = []
    parent = "/"
    for part in target.strip("/").split("/"):
        rules.append((parent, FS_READ_DIR))
        with os.scandir(parent) as entries:
            for entry in entries:
                if entry.name == part:
                    continue
                real = os.path.realpath(entry.path)
                if target == real or target.startswith(real.rstrip("/") + "/"):
                    continue
                try:
                    is_dir = entry.is_dir(follow_symlinks=True)
                except OSError:
                    continue
                rules.append((entry.path, READ if is_dir else FS_READ_FILE))
        parent = parent.rstrip("/") + "/" + part
    return rules


def elf_interpreter(path: str) -> str | None:
    """The program interpreter (``PT_INTERP``, the dynamic loader) of a 64-bit ELF file."""
    try:
        with open(path, "rb") as binary:  # noqa: PTH123 - before confinement, no pathlib cost
            header = binary.read(64)
            if header[:4] != b"\x7fELF" or header[4] != 2:
                return None
            order = "<" if header[5] == 1 else ">"
            phoff = struct.unpack_from(order + "Q", header, 32)[0]
            entsize, count = struct.unpack_from(order + "HH", header, 54)
            binary.seek(phoff)
            table = binary.read(entsize * count)
            for index in range(count):
                kind, _, offset, _, _, size = struct.unpack_from(
                    order + "IIQQQQ", table, index * entsize
                )
                if kind == 3:  # PT_INTERP
                    binary.seek(offset)
                    return binary.read(size).rstrip(b"\0").decode()
    except (OSError, struct.error, UnicodeDecodeError):
        return None
    return None


# --------------------------------------------------------------------------- seccomp

# The allowlists themselves are compiled on the trusted side by libseccomp
# (pyroad/grading/seccomp_policy.py); the sandbox only loads the bytes.


def seccomp_install(program: bytes) -> None:
    """Install ``program`` for this thread and its descendants (needs no_new_privs)."""
    buffer = ctypes.create_string_buffer(program, len(program))
    fprog = struct.pack("=HxxxxxxQ", len(program) // 8, ctypes.addressof(buffer))
    _check(
        _libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.c_char_p(fprog), 0, 0),
        "seccomp",
    )
