"""Confinement helpers and the seccomp allowlists compiled by libseccomp."""

from __future__ import annotations

import struct

from pyroad.grading import confine, seccomp_policy


def test_policies_compile_to_bpf() -> None:
    for policy in seccomp_policy.POLICIES:
        program = seccomp_policy.compile_policy(policy)
        assert len(program) % 8 == 0
        assert 0 < len(program) // 8 < 4096  # the kernel's BPF_MAXINSNS
        for index in range(len(program) // 8):
            code, jt, jf, _ = struct.unpack_from("=HBBI", program, index * 8)
            assert code < 0x100


def test_only_git_may_execute() -> None:
    assert "execve" in seccomp_policy.DENIED + ("execve",)
    assert seccomp_policy.compile_policy("python") != seccomp_policy.compile_policy("git")
    for name in ("shmget", "memfd_create", "execveat", "io_setup", "splice", "sync", "syncfs"):
        assert name in seccomp_policy.DENIED
        assert name not in seccomp_policy.ALLOWED


def test_mount_points_decode_escapes() -> None:
    text = "36 35 98:0 / /a\\040b rw - ext4 /dev/x rw\n37 36 0:5 / /proc rw - proc proc rw\n"
    assert confine.mount_points(text) == ["/a b", "/proc"]


def test_landlock_abi_is_a_number() -> None:
    assert confine.landlock_abi() >= 0
