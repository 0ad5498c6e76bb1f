"""The seccomp program is well-formed for the architectures we know, absent for others."""

from __future__ import annotations

import struct

import pytest

from pyroad.grading import confine


@pytest.mark.parametrize("machine", ["x86_64", "aarch64"])
def test_seccomp_program_shape(machine: str) -> None:
    program = confine.seccomp_program(machine)
    assert program is not None
    assert len(program) % 8 == 0
    count = len(program) // 8
    assert count < 4096  # the kernel's BPF_MAXINSNS
    for index in range(count):
        code, jt, jf, _ = struct.unpack_from("=HBBI", program, index * 8)
        if code & 0x07 == 0x05:  # jumps stay inside the program
            assert index + 1 + max(jt, jf) < count
    last_code, _, _, last_k = struct.unpack_from("=HBBI", program, len(program) - 8)
    assert (last_code, last_k) == (0x06, 0x7FFF0000)  # default: allow


def test_unknown_architecture_has_no_program() -> None:
    assert confine.seccomp_program("sparc64") is None


def test_landlock_abi_is_a_number() -> None:
    assert confine.landlock_abi() >= 0
