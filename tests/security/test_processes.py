"""The grader's processes are out of reach: no signals, no ptrace, no privileged syscalls."""

from __future__ import annotations

import os

import pytest

from pyroad.grading.forkserver import ForkServerSandbox
from pyroad.grading.grader import Grader, Verdict
from tests.security.conftest import attack, grade

pytestmark = pytest.mark.timeout(60)


def test_signal_the_grader(grader: Grader, sandbox: ForkServerSandbox) -> None:
    before = sandbox.slot_process_counts()
    code = f"""
    import os, signal

    def succeeded():
        hit = False
        for pid in [os.getppid(), {os.getpid()}, 2, 3] + list(range(4, 400)):
            if pid in (0, os.getpid()):
                continue
            try:
                os.kill(pid, signal.SIGKILL)
                hit = True
            except OSError:
                pass
        for target in (-1, 0):
            try:
                os.kill(target, signal.SIGTERM)
            except OSError:
                pass
        return hit or os.getppid() != 0
    """
    report = grade(grader, attack(code))
    assert report.verdict is Verdict.FAILED
    assert len(sandbox.slot_process_counts()) == len(before)  # no slot lost its zygote


def test_ptrace_and_process_memory(grader: Grader) -> None:
    code = f"""
    import ctypes, os

    libc = ctypes.CDLL(None, use_errno=True)
    PTRACE_ATTACH, PTRACE_SEIZE = 16, 0x4206

    def succeeded():
        for pid in (1, 2, os.getppid(), {os.getpid()}):
            for request in (PTRACE_ATTACH, PTRACE_SEIZE):
                if libc.ptrace(request, pid, 0, 0) == 0:
                    return True
        for path in ("/proc/2/mem", "/proc/{os.getpid()}/mem"):
            try:
                with open(path, "rb") as handle:
                    handle.read(1)
                return True
            except OSError:
                pass
        return False
    """
    report = grade(grader, attack(code))
    assert report.verdict is Verdict.FAILED


def test_ctypes_privileged_syscalls(grader: Grader) -> None:
    code = """
    import ctypes, os

    libc = ctypes.CDLL(None, use_errno=True)
    CLONE_NEWUSER, CLONE_NEWNS, CLONE_NEWNET = 0x10000000, 0x00020000, 0x40000000

    def succeeded():
        attempts = [
            lambda: libc.unshare(CLONE_NEWUSER),
            lambda: libc.unshare(CLONE_NEWNS),
            lambda: libc.unshare(CLONE_NEWNET),
            lambda: libc.mount(b"none", b"/tmp/work", b"tmpfs", 0, None),
            lambda: libc.setuid(0),
            lambda: libc.chroot(b"/tmp"),
            lambda: libc.syscall(321, 0, 0, 0),   # bpf
            lambda: libc.syscall(425, 1, 0),      # io_uring_setup
            lambda: libc.syscall(298, 0, 0, -1, -1, 0),  # perf_event_open
            lambda: libc.syscall(250, 0, 0),      # keyctl
        ]
        return any(attempt() == 0 for attempt in attempts) or os.getuid() == 0
    """
    report = grade(grader, attack(code))
    assert report.verdict is Verdict.FAILED


def test_spawn_a_shell(grader: Grader) -> None:
    code = """
    import os, shutil, subprocess

    def succeeded():
        shells = (["/bin/sh", "-c", "id"], ["sh", "-c", "id"], ["/usr/bin/env"], ["python3"])
        for argv in shells:
            try:
                subprocess.run(argv, check=True, capture_output=True)
                return True
            except (OSError, subprocess.CalledProcessError):
                pass
        try:  # a binary copied into scratch cannot be executed either
            shutil.copy("/usr/bin/true", "/tmp/work/true")
            os.chmod("/tmp/work/true", 0o755)
            subprocess.run(["/tmp/work/true"], check=True)
            return True
        except (OSError, subprocess.CalledProcessError):
            return False
    """
    report = grade(grader, attack(code))
    assert report.verdict is Verdict.FAILED


def test_escape_through_proc_roots(grader: Grader) -> None:
    code = """
    import os

    def succeeded():
        for path in ("/proc/1/root/root", "/proc/self/root/work", "/proc/1/cwd/../../../root"):
            if os.path.exists(path):
                return True
        return sorted(p for p in os.listdir("/proc") if p.isdigit()) != ["1"]
    """
    report = grade(grader, attack(code))
    assert report.verdict is Verdict.FAILED
