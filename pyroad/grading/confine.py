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
import platform
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


# --------------------------------------------------------------------------- seccomp

_AUDIT_ARCH = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7}
_X32_SYSCALL_BIT = 0x40000000
_RET_ALLOW = 0x7FFF0000
_RET_KILL_PROCESS = 0x80000000
_RET_ERRNO = 0x00050000
_EPERM, _EACCES, _ENOSYS, _EAFNOSUPPORT = 1, 13, 38, 97
_AF_UNIX = 1
_TIOCSTI, _TIOCLINUX = 0x5412, 0x541C

# Denied outright (EPERM): tracing other processes, namespaces and mounts, kernel keyrings,
# modules, BPF, perf, io_uring (its operations bypass seccomp), clock and host settings.
_DENIED = {
    "x86_64": {
        "ptrace": 101,
        "process_vm_readv": 310,
        "process_vm_writev": 311,
        "kcmp": 312,
        "pidfd_getfd": 438,
        "mount": 165,
        "umount2": 166,
        "pivot_root": 155,
        "chroot": 161,
        "unshare": 272,
        "setns": 308,
        "open_tree": 428,
        "move_mount": 429,
        "fsopen": 430,
        "fsconfig": 431,
        "fsmount": 432,
        "fspick": 433,
        "mount_setattr": 442,
        "keyctl": 250,
        "add_key": 248,
        "request_key": 249,
        "bpf": 321,
        "perf_event_open": 298,
        "userfaultfd": 323,
        "init_module": 175,
        "finit_module": 313,
        "delete_module": 176,
        "kexec_load": 246,
        "kexec_file_load": 320,
        "reboot": 169,
        "swapon": 167,
        "swapoff": 168,
        "acct": 163,
        "settimeofday": 164,
        "clock_settime": 227,
        "clock_adjtime": 305,
        "adjtimex": 159,
        "sethostname": 170,
        "setdomainname": 171,
        "iopl": 172,
        "ioperm": 173,
        "syslog": 103,
        "vhangup": 153,
        "quotactl": 179,
        "open_by_handle_at": 304,
        "name_to_handle_at": 303,
        "fanotify_init": 300,
        "io_uring_setup": 425,
        "io_uring_enter": 426,
        "io_uring_register": 427,
        "modify_ldt": 154,
        "uselib": 134,
        "personality": 135,
        "lookup_dcookie": 212,
        "move_pages": 279,
        "migrate_pages": 256,
    },
    "aarch64": {
        "ptrace": 117,
        "process_vm_readv": 270,
        "process_vm_writev": 271,
        "kcmp": 272,
        "pidfd_getfd": 438,
        "mount": 40,
        "umount2": 39,
        "pivot_root": 41,
        "chroot": 51,
        "unshare": 97,
        "setns": 268,
        "open_tree": 428,
        "move_mount": 429,
        "fsopen": 430,
        "fsconfig": 431,
        "fsmount": 432,
        "fspick": 433,
        "mount_setattr": 442,
        "keyctl": 219,
        "add_key": 217,
        "request_key": 218,
        "bpf": 280,
        "perf_event_open": 241,
        "userfaultfd": 282,
        "init_module": 105,
        "finit_module": 273,
        "delete_module": 106,
        "kexec_load": 104,
        "kexec_file_load": 294,
        "reboot": 142,
        "swapon": 224,
        "swapoff": 225,
        "acct": 89,
        "settimeofday": 170,
        "clock_settime": 112,
        "clock_adjtime": 266,
        "adjtimex": 171,
        "sethostname": 161,
        "setdomainname": 162,
        "syslog": 116,
        "vhangup": 58,
        "quotactl": 60,
        "open_by_handle_at": 265,
        "name_to_handle_at": 264,
        "fanotify_init": 262,
        "io_uring_setup": 425,
        "io_uring_enter": 426,
        "io_uring_register": 427,
        "personality": 92,
        "lookup_dcookie": 18,
        "move_pages": 239,
        "migrate_pages": 238,
    },
}
# Syscalls checked on an argument: socket families, namespace flags of clone, tty injection.
_SPECIAL = {
    "x86_64": {"socket": 41, "socketpair": 53, "clone": 56, "clone3": 435, "ioctl": 16},
    "aarch64": {"socket": 198, "socketpair": 199, "clone": 220, "clone3": 435, "ioctl": 29},
}


def _insn(code: int, jt: int, jf: int, k: int) -> bytes:
    return struct.pack("=HBBI", code, jt, jf, k)


_LD_ABS, _JEQ, _JGE, _JSET, _RET = 0x20, 0x15, 0x35, 0x45, 0x06


def _arg(index: int) -> int:
    return 16 + 8 * index  # low 32 bits of seccomp_data.args[index] (little-endian)


def seccomp_program(machine: str | None = None) -> bytes | None:
    """A classic-BPF filter for this architecture, or None when the architecture is unknown."""
    machine = machine or platform.machine()
    if machine not in _AUDIT_ARCH:
        return None
    special = _SPECIAL[machine]
    code = [
        _insn(_LD_ABS, 0, 0, 4),  # arch
        _insn(_JEQ, 1, 0, _AUDIT_ARCH[machine]),
        _insn(_RET, 0, 0, _RET_KILL_PROCESS),
        _insn(_LD_ABS, 0, 0, 0),  # syscall number
    ]
    if machine == "x86_64":  # the x32 ABI would reach the same kernel with other numbers
        code += [_insn(_JGE, 0, 1, _X32_SYSCALL_BIT), _insn(_RET, 0, 0, _RET_ERRNO | _EPERM)]
    for number in sorted(_DENIED[machine].values()):
        code += [_insn(_JEQ, 0, 1, number), _insn(_RET, 0, 0, _RET_ERRNO | _EPERM)]
    # clone3 passes flags in memory seccomp cannot read: report ENOSYS so libc falls back to clone.
    code += [_insn(_JEQ, 0, 1, special["clone3"]), _insn(_RET, 0, 0, _RET_ERRNO | _ENOSYS)]
    for name in ("socket", "socketpair"):  # only AF_UNIX: no IP, netlink, packet or vsock sockets
        code += [
            _insn(_JEQ, 0, 4, special[name]),
            _insn(_LD_ABS, 0, 0, _arg(0)),
            _insn(_JEQ, 0, 1, _AF_UNIX),
            _insn(_RET, 0, 0, _RET_ALLOW),
            _insn(_RET, 0, 0, _RET_ERRNO | _EAFNOSUPPORT),
        ]
    code += [  # threads and plain forks are fine; new namespaces are not
        _insn(_JEQ, 0, 4, special["clone"]),
        _insn(_LD_ABS, 0, 0, _arg(0)),
        _insn(_JSET, 0, 1, _CLONE_NEW_ANY),
        _insn(_RET, 0, 0, _RET_ERRNO | _EPERM),
        _insn(_RET, 0, 0, _RET_ALLOW),
    ]
    code += [  # pushing keystrokes into a terminal
        _insn(_JEQ, 0, 5, special["ioctl"]),
        _insn(_LD_ABS, 0, 0, _arg(1)),
        _insn(_JEQ, 1, 0, _TIOCSTI),
        _insn(_JEQ, 0, 1, _TIOCLINUX),
        _insn(_RET, 0, 0, _RET_ERRNO | _EPERM),
        _insn(_RET, 0, 0, _RET_ALLOW),
    ]
    code.append(_insn(_RET, 0, 0, _RET_ALLOW))
    return b"".join(code)


def seccomp_install(program: bytes) -> None:
    """Install ``program`` for this thread and its descendants (needs no_new_privs)."""
    buffer = ctypes.create_string_buffer(program, len(program))
    fprog = struct.pack("=HxxxxxxQ", len(program) // 8, ctypes.addressof(buffer))
    _check(
        _libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.c_char_p(fprog), 0, 0),
        "seccomp",
    )
