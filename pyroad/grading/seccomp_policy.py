"""The seccomp allowlists of a grading run, compiled to BPF on the trusted side by libseccomp.

A run may make only the system calls listed here; anything else (including every syscall
newer than this list) fails with ENOSYS, which libraries treat as "not supported by this
kernel" and fall back from. The calls that attack the host or the other runs fail with
EPERM, so probes of them see a plain permission error. libseccomp (through ``pyseccomp``,
a ctypes binding to ``libseccomp.so.2``) resolves names to this architecture's numbers,
kills the process on a foreign architecture or the x32 ABI, and exports the classic BPF
program; the sandbox side only loads those bytes with ``prctl`` (``confine.seccomp_install``)
and never needs libseccomp itself.

Two policies: ``python`` for code exercises (no ``execve`` at all) and ``git`` for git
exercises, whose commands run in bash (``execve`` allowed; Landlock limits what can be
executed to git, its helpers, bash and a few file tools: ``zygote._landlock_rules``).
Neither allows ``execveat`` or ``memfd_create`` (executing an anonymous file), System V IPC
(shared memory that outlives its process), Linux AIO, io_uring, ``splice``/``vmsplice``/
``tee``, ``sync``/``syncfs``, mounts, namespaces, tracing, keyrings, BPF or perf.
"""

from __future__ import annotations

import errno
import platform
import tempfile
from functools import lru_cache

POLICIES = ("python", "git")

# Ordinary work: files (inside what Landlock allows), memory, threads, time, signals inside
# the run's own PID namespace, polling, AF_UNIX sockets. Names absent on an architecture
# (open, stat, fork... on aarch64) are skipped.
ALLOWED = (
    # files and descriptors
    "read", "write", "readv", "writev", "pread64", "pwrite64", "preadv", "pwritev",
    "preadv2", "pwritev2", "open", "openat", "openat2", "close", "close_range", "creat",
    "lseek", "stat", "fstat", "lstat", "newfstatat", "statx", "statfs", "fstatfs",
    "access", "faccessat", "faccessat2", "readlink", "readlinkat", "getdents", "getdents64",
    "getcwd", "chdir", "fchdir", "mkdir", "mkdirat", "rmdir", "unlink", "unlinkat",
    "rename", "renameat", "renameat2", "link", "linkat", "symlink", "symlinkat", "chmod",
    "fchmod", "fchmodat", "fchmodat2", "chown", "fchown", "lchown", "fchownat", "truncate",
    "ftruncate", "fallocate", "fsync", "fdatasync", "flock", "fcntl", "dup", "dup2", "dup3",
    "pipe", "pipe2", "umask", "utime", "utimes", "utimensat", "futimesat", "fadvise64",
    "sendfile", "copy_file_range", "getxattr", "lgetxattr", "fgetxattr", "listxattr",
    "llistxattr", "flistxattr", "setxattr", "lsetxattr", "fsetxattr", "removexattr",
    "lremovexattr", "fremovexattr", "inotify_init", "inotify_init1", "inotify_add_watch",
    "inotify_rm_watch",
    # memory
    "mmap", "munmap", "mprotect", "mremap", "brk", "madvise", "msync", "mincore",
    "membarrier", "mseal",
    # signals (Landlock scopes them to the run; the PID namespace holds only the run)
    "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "rt_sigpending", "rt_sigtimedwait",
    "rt_sigsuspend", "rt_sigqueueinfo", "rt_tgsigqueueinfo", "sigaltstack", "kill", "tkill",
    "tgkill", "pause", "alarm", "signalfd", "signalfd4", "pidfd_open", "pidfd_send_signal",
    # processes and threads (clone is checked below)
    "fork", "vfork", "exit", "exit_group", "wait4", "waitid", "getpid", "getppid", "gettid",
    "getpgid", "getpgrp", "setpgid", "getsid", "setsid", "getuid", "geteuid", "getgid",
    "getegid", "getgroups", "getresuid", "getresgid", "capget", "getrlimit", "setrlimit",
    "prlimit64", "getrusage", "times", "sched_yield", "sched_getaffinity",
    "sched_setaffinity", "sched_getparam", "sched_getscheduler", "sched_get_priority_max",
    "sched_get_priority_min", "getpriority", "setpriority", "prctl", "arch_prctl",
    "set_tid_address", "set_robust_list", "get_robust_list", "rseq", "futex", "futex_waitv",
    "futex_wake", "futex_wait", "futex_requeue", "restart_syscall", "getcpu",
    # time
    "nanosleep", "clock_nanosleep", "clock_gettime", "clock_getres", "gettimeofday", "time",
    "timer_create", "timer_settime", "timer_gettime", "timer_getoverrun", "timer_delete",
    "getitimer", "setitimer", "getrandom", "uname", "sysinfo",
    # waiting for several things
    "poll", "ppoll", "select", "pselect6", "epoll_create", "epoll_create1", "epoll_ctl",
    "epoll_wait", "epoll_pwait", "epoll_pwait2", "eventfd", "eventfd2", "timerfd_create",
    "timerfd_settime", "timerfd_gettime",
    # sockets (socket and socketpair are checked below: AF_UNIX only)
    "bind", "listen", "accept", "accept4", "connect", "getsockname", "getpeername", "sendto",
    "recvfrom", "sendmsg", "recvmsg", "sendmmsg", "recvmmsg", "shutdown", "setsockopt",
    "getsockopt",
)  # fmt: skip

# Refused with EPERM: what a hostile run would use against the host or other runs.
DENIED = (
    "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd", "mount",
    "umount2", "pivot_root", "chroot", "unshare", "setns", "open_tree", "move_mount",
    "fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr", "keyctl", "add_key",
    "request_key", "bpf", "perf_event_open", "userfaultfd", "init_module", "finit_module",
    "delete_module", "kexec_load", "kexec_file_load", "reboot", "swapon", "swapoff", "acct",
    "settimeofday", "clock_settime", "clock_adjtime", "adjtimex", "sethostname",
    "setdomainname", "iopl", "ioperm", "syslog", "vhangup", "quotactl", "open_by_handle_at",
    "name_to_handle_at", "fanotify_init", "io_uring_setup", "io_uring_enter",
    "io_uring_register", "modify_ldt", "uselib", "personality", "move_pages",
    "migrate_pages", "mbind", "set_mempolicy",
    # System V IPC: segments outlive their processes and are charged to nobody's RLIMIT_AS
    "shmget", "shmat", "shmdt", "shmctl", "msgget", "msgsnd", "msgrcv", "msgctl", "semget",
    "semop", "semtimedop", "semctl", "mq_open", "mq_unlink", "mq_timedsend",
    "mq_timedreceive", "mq_notify", "mq_getsetattr",
    # executing an anonymous file; Linux AIO; host-wide flushes; page-moving pipes
    "memfd_create", "memfd_secret", "execveat", "io_setup", "io_destroy", "io_submit",
    "io_cancel", "io_getevents", "io_pgetevents", "sync", "syncfs", "sync_file_range",
    "splice", "vmsplice", "tee", "mknod", "mknodat", "setuid", "setgid", "setreuid",
    "setregid", "setresuid", "setresgid", "setgroups", "setfsuid", "setfsgid", "capset",
)  # fmt: skip

CLONE_NEW_ANY = 0x7E020080  # CLONE_NEW{NS,CGROUP,UTS,IPC,USER,PID,NET,TIME}
AF_UNIX = 1
TIOCSTI, TIOCLINUX = 0x5412, 0x541C
_LOW32 = 0xFFFFFFFF  # the kernel reads these arguments as 32-bit ints: compare only those bits


class SeccompUnavailable(RuntimeError):
    """libseccomp is missing or does not know this architecture."""


@lru_cache(maxsize=4)
def compile_policy(policy: str) -> bytes:
    """The BPF program (``struct sock_filter`` array) for ``policy`` on this architecture."""
    if policy not in POLICIES:
        raise ValueError(f"unknown seccomp policy {policy!r}")
    try:
        import pyseccomp as sc  # type: ignore[import-untyped]
    except (ImportError, OSError) as error:
        raise SeccompUnavailable(
            f"libseccomp is not available ({error}): install libseccomp2 (Debian/Ubuntu) "
            "and the pyseccomp package"
        ) from error
    try:
        rules = sc.SyscallFilter(sc.ERRNO(errno.ENOSYS))
    except Exception as error:  # pragma: no cover - libseccomp refuses this architecture
        raise SeccompUnavailable(
            f"libseccomp cannot build a filter on {platform.machine()}: {error}"
        ) from error
    # A binary tree of syscall numbers: a few comparisons per call instead of hundreds.
    rules.set_attr(sc.Attr.CTL_OPTIMIZE, 2)
    allowed = ALLOWED + (("execve",) if policy == "git" else ())
    denied = DENIED + (() if policy == "git" else ("execve",))
    for name in allowed:
        _add(sc, rules, sc.ALLOW, name)
    for name in denied:
        _add(sc, rules, sc.ERRNO(errno.EPERM), name)
    # clone3 passes its flags in memory seccomp cannot read: it stays at the default
    # (ENOSYS), so libc falls back to clone, whose flags are checked here.
    _add(sc, rules, sc.ALLOW, "clone", sc.Arg(0, sc.MASKED_EQ, CLONE_NEW_ANY, 0))
    for name in ("socket", "socketpair"):  # no IP, netlink, packet or vsock sockets
        _add(sc, rules, sc.ALLOW, name, sc.Arg(0, sc.MASKED_EQ, _LOW32, AF_UNIX))
        _add(sc, rules, sc.ERRNO(errno.EAFNOSUPPORT), name, sc.Arg(0, sc.NE, AF_UNIX))
    for request in (TIOCSTI, TIOCLINUX):  # pushing keystrokes into a terminal
        _add(sc, rules, sc.ERRNO(errno.EPERM), "ioctl", sc.Arg(1, sc.MASKED_EQ, _LOW32, request))
    _add(sc, rules, sc.ALLOW, "ioctl")
    with tempfile.TemporaryFile() as sink:
        rules.export_bpf(sink)
        sink.seek(0)
        program = sink.read()
    if not program or len(program) % 8:
        raise SeccompUnavailable("libseccomp exported an empty or malformed filter")
    return program


def _add(sc: object, rules: object, action: object, name: str, *args: object) -> None:
    try:
        number = sc.resolve_syscall(sc.Arch.NATIVE, name)  # type: ignore[attr-defined]
    except (ValueError, OSError):
        return  # not a syscall on this architecture
    if number < 0:
        return
    rules.add_rule(action, name, *args)  # type: ignore[attr-defined]
