"""Confinement helpers and the seccomp allowlists compiled by libseccomp."""

from __future__ import annotations

import ctypes
import os
import platform
import struct
import sys
from pathlib import Path

import pytest

from pyroad.grading import confine, seccomp_policy


def test_policies_compile_to_bpf() -> None:
    for policy in seccomp_policy.POLICIES:
        program = seccomp_policy.compile_policy(policy)
        assert len(program) % 8 == 0
        assert 0 < len(program) // 8 < 4096  # the kernel's BPF_MAXINSNS
        for index in range(len(program) // 8):
            code, _, _, _ = struct.unpack_from("=HBBI", program, index * 8)
            assert code < 0x100


def _errno_under(policy: str, call: str) -> int:
    """Load ``policy`` in a forked child, make ``call``; the child's exit code is -result."""
    pid = os.fork()
    if pid == 0:
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.syscall.restype = ctypes.c_long
            confine.no_new_privs()
            confine.seccomp_install(seccomp_policy.compile_policy(policy))
            calls = {
                "execve": lambda: libc.syscall(59, b"/nonexistent", None, None),
                "execveat": lambda: libc.syscall(322, -100, b"/nonexistent", None, None, 0),
                "shmget": lambda: libc.syscall(29, 0, 1 << 20, 0o1600),
                "memfd_create": lambda: libc.syscall(319, b"x", 0),
                "io_setup": lambda: libc.syscall(206, 1, ctypes.byref(ctypes.c_ulong())),
                "inet socket": lambda: libc.syscall(41, 2, 1, 0),
                "unix socket": lambda: libc.syscall(41, 1, 1, 0),
                "unknown": lambda: libc.syscall(1000),
                "getpid": lambda: libc.syscall(39),
            }
            result = calls[call]()
            os._exit(ctypes.get_errno() if result < 0 else 0)
        except BaseException:
            os._exit(255)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


@pytest.mark.skipif(platform.machine() != "x86_64", reason="syscall numbers of x86_64")
def test_the_allowlists_behave() -> None:
    eperm, enoent, enosys, eafnosupport = 1, 2, 38, 97
    assert _errno_under("python", "execve") == eperm
    assert _errno_under("git", "execve") == enoent  # allowed: the file does not exist
    for policy in seccomp_policy.POLICIES:
        assert _errno_under(policy, "execveat") == eperm
        assert _errno_under(policy, "shmget") == eperm
        assert _errno_under(policy, "memfd_create") == eperm
        assert _errno_under(policy, "io_setup") == eperm
        assert _errno_under(policy, "inet socket") == eafnosupport
        assert _errno_under(policy, "unix socket") == 0
        assert _errno_under(policy, "unknown") == enosys
        assert _errno_under(policy, "getpid") == 0


def test_denied_and_allowed_do_not_overlap() -> None:
    assert not set(seccomp_policy.ALLOWED) & set(seccomp_policy.DENIED)
    assert "execve" not in seccomp_policy.ALLOWED + seccomp_policy.DENIED  # per policy
    for name in ("shmget", "memfd_create", "execveat", "io_setup", "splice", "sync", "syncfs"):
        assert name in seccomp_policy.DENIED


def test_mount_points_decode_escapes() -> None:
    text = "36 35 98:0 / /a\\040b rw - ext4 /dev/x rw\n37 36 0:5 / /proc rw - proc proc rw\n"
    assert confine.mount_points(text) == ["/a b", "/proc"]


def test_landlock_abi_is_a_number() -> None:
    assert confine.landlock_abi() >= 0


def test_read_all_but_leaves_out_only_the_blocked_folder() -> None:
    blocked = str(Path(sys.executable).resolve().parent)
    rules = dict(confine.read_all_but(blocked))
    assert blocked not in rules and rules["/"] == confine.FS_READ_DIR
    # Nothing granted lies over the blocked folder except the folders leading to it,
    # which get only READ_DIR (listing, not reading files).
    over = [p for p in rules if blocked.startswith(os.path.realpath(p).rstrip("/") + "/")]
    assert over and all(rules[p] == confine.FS_READ_DIR for p in over)
    assert any(access == confine.READ for access in rules.values())


def test_elf_interpreter_names_the_loader() -> None:
    loader = confine.elf_interpreter(str(Path(sys.executable).resolve()))
    assert loader is None or (loader.startswith("/") and Path(loader).exists())
    assert confine.elf_interpreter(__file__) is None  # not an ELF file
