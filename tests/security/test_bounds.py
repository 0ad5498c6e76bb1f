"""A run is bounded as a whole: memory (shared memory included), lifetime, visibility.

Each test asserts the exact verdict *and* the host's state: its shared memory, the run
cgroup's peak, and that nothing of the run is alive or spends CPU once the verdict is back.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from pyroad.config import PROJECT_ROOT
from pyroad.grading import forkserver, uids
from pyroad.grading.forkserver import ForkServerSandbox
from pyroad.grading.grader import Grader, Verdict
from pyroad.grading.sandbox import Limits
from tests.security.conftest import attack, grade

pytestmark = pytest.mark.timeout(90)

MEMORY_MB = 64
MARGIN_MB = 24  # page tables, kernel stacks and other runs' noise on a shared host


def _shmem_kb() -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("Shmem:"):
            return int(line.split()[1])
    raise AssertionError("no Shmem line in /proc/meminfo")


@contextmanager
def _watch_shmem() -> Iterator[list[int]]:
    """Sample the host's Shmem every 5 ms; yields [baseline, peak] in KiB."""
    box = [_shmem_kb(), 0]
    box[1] = box[0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            box[1] = max(box[1], _shmem_kb())
            time.sleep(0.005)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield box
    finally:
        stop.set()
        thread.join()


def _our_processes() -> list[tuple[int, int]]:
    """(pid, uid) of every host process owned by this process's slot uid block."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            uid = entry.stat().st_uid
        except OSError:
            continue
        if uids.in_our_range(uid):
            found.append((int(entry.name), uid))
    return found


def _cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime + stime


def assert_nothing_of_the_run_left(sandbox: ForkServerSandbox) -> None:
    """Right when the verdict is back (no waiting): the run cgroups hold at most each
    slot's next, idle child, and nothing in them spends CPU.

    A run's processes cannot leave its cgroup, so its members are the whole run, whatever
    it forked. Other processes of our uid block are slot machinery (bubblewrap, zygotes):
    a slot that a previous test replaced may still be starting, importing its modules,
    which is CPU spent by the sandbox, not by the learner's run.
    """
    groups = sandbox.run_cgroups()
    assert groups, "the sandbox has no run cgroups"
    waiting = sum(group.tasks() for group in groups)
    assert waiting <= len(groups) // 2, f"run cgroups hold {waiting} tasks"
    members = [pid for group in groups for pid in group.members()]
    before = {pid: _cpu_ticks(pid) for pid in members}
    time.sleep(0.3)
    busy = [pid for pid, ticks in before.items() if _cpu_ticks(pid) - ticks > 2]
    assert not busy, f"processes of the run still spend CPU after the verdict: {busy}"
    # Each slot: bubblewrap, its init, the zygote, the next run's idle child.
    assert all(count <= 4 for count in sandbox.slot_process_counts())


def test_system_v_shared_memory_is_denied(grader: Grader, sandbox: ForkServerSandbox) -> None:
    code = """
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    IPC_PRIVATE, IPC_CREAT = 0, 0o1000

    def succeeded():
        ids = [libc.shmget(IPC_PRIVATE, 256 << 20, IPC_CREAT | 0o600) for _ in range(4)]
        return any(segment >= 0 for segment in ids)
    """
    with _watch_shmem() as shmem:
        report = grade(grader, attack(code), memory_mb=MEMORY_MB)
    assert report.verdict is Verdict.FAILED
    assert shmem[1] - shmem[0] < (MEMORY_MB + MARGIN_MB) << 10
    assert_nothing_of_the_run_left(sandbox)


def test_shared_memory_counts_against_the_run(grader: Grader, sandbox: ForkServerSandbox) -> None:
    """8 processes × 48 MiB of shared anonymous memory (shmem: no process's RLIMIT_AS sees
    the others') in a 64 MiB exercise: the run's cgroup stops it with an OOM kill."""
    code = """
    import mmap, os, time

    def add(a, b):
        for _ in range(8):
            if os.fork() == 0:
                block = mmap.mmap(-1, 48 << 20, flags=mmap.MAP_SHARED | mmap.MAP_ANONYMOUS)
                for offset in range(0, len(block), 4096):
                    block[offset] = 1
                time.sleep(30)
                os._exit(0)
        time.sleep(20)
    """
    with _watch_shmem() as shmem:
        report = grade(grader, code, memory_mb=MEMORY_MB, time_s=8.0)
    assert report.verdict is Verdict.MEMORY, report.summary
    assert shmem[1] - shmem[0] < (MEMORY_MB + MARGIN_MB) << 10, shmem
    assert sandbox.peaks[-1] <= (MEMORY_MB + 1) << 20
    assert_nothing_of_the_run_left(sandbox)


def test_tmpfs_and_memfd_stay_within_the_run(grader: Grader, sandbox: ForkServerSandbox) -> None:
    """Files in the run's tmpfs are capped by its size; memfds cannot be made at all."""
    code = """
    import functools, os

    @functools.cache
    def succeeded():
        chunk, written = b"x" * (1 << 20), 0
        for index in range(8):
            if os.fork() == 0:
                try:
                    with open(f"/tmp/work/big{index}", "wb") as handle:
                        for _ in range(256):
                            handle.write(chunk)
                except OSError:
                    pass
                os._exit(0)
            os.wait()
        written = sum(os.path.getsize(f"/tmp/work/{n}") for n in os.listdir("/tmp/work"))
        try:
            os.memfd_create("hoard")
            return True
        except OSError:
            return written > 32 << 20
    """
    with _watch_shmem() as shmem:
        report = grade(grader, attack(code), memory_mb=MEMORY_MB)
    assert report.verdict is Verdict.FAILED, report.summary
    assert shmem[1] - shmem[0] < (MEMORY_MB + MARGIN_MB) << 10, shmem
    assert sandbox.peaks[-1] <= (MEMORY_MB + 1) << 20
    assert_nothing_of_the_run_left(sandbox)


def _dedent(text: str) -> str:
    import textwrap

    return textwrap.dedent(text).strip("\n")


def test_children_of_a_pid_1_that_never_exits(grader: Grader, sandbox: ForkServerSandbox) -> None:
    """pid 1 replaces os._exit and leaves spinning children: the verdict is still exact and
    nothing of the run is alive (or burns CPU) when it comes back."""
    code = """
    import os

    for _ in range(4):
        if os.fork() == 0:
            while True:
                pass
    os._exit = lambda code: None
    os.closerange = lambda low, high: None

    def add(a, b):
        return a + b
    """
    started = time.monotonic()
    report = grade(grader, code, time_s=5.0)
    assert report.verdict is Verdict.PASSED, report.summary
    assert time.monotonic() - started < 4
    assert_nothing_of_the_run_left(sandbox)


def test_a_stale_kill_spares_the_next_run(grader: Grader, sandbox: ForkServerSandbox) -> None:
    """Kills name their run: one that arrives late never hits the next, pre-forked child."""
    report = grade(grader, "def add(a, b):\n    return a + b\n")
    assert report.verdict is Verdict.PASSED
    with sandbox._lock:  # the internals: send each idle slot's zygote a kill for a past run
        slots = list(sandbox._slots.values())
    for slot in slots:
        slot.control.send(f'{{"kill": {max(0, slot.channel_run - 1)}}}'.encode())
    time.sleep(0.2)
    for _ in range(4):
        report = grade(grader, "def add(a, b):\n    return a + b\n")
        assert report.verdict is Verdict.PASSED, report.summary
    assert all(slot.alive for slot in slots)


def test_mountinfo_names_no_host_path(grader: Grader) -> None:
    secrets = [str(PROJECT_ROOT), str(Path(sys.base_prefix).resolve()), "/root", "/work",
               "/home", "/tmp/stage", str(Path(sys.prefix).resolve())]  # fmt: skip
    code = f"""
    def succeeded():
        text = open("/proc/self/mountinfo").read()
        return any(secret in text for secret in {secrets!r}) or "/usr/lib " in text
    """
    report = grade(grader, attack(code))
    assert report.verdict is Verdict.FAILED


def test_proc_shows_processes_only(grader: Grader) -> None:
    code = """
    import os

    def succeeded():
        for name in ("meminfo", "loadavg", "stat", "cpuinfo", "sys/kernel/hostname", "mounts"):
            if os.path.exists("/proc/" + name):
                return True
        return False
    """
    report = grade(grader, attack(code))
    assert report.verdict is Verdict.FAILED


def test_executing_the_loader_or_a_memfd_fails(grader: Grader) -> None:
    code = """
    import ctypes, glob, os, subprocess, sys

    def succeeded():
        loaders = glob.glob("/lib64/ld-linux*") + glob.glob("/usr/lib/*/ld-linux*")
        for loader in loaders:
            try:
                subprocess.run([loader, sys.executable, "-c", "pass"], check=True)
                return True
            except (OSError, subprocess.CalledProcessError):
                pass
        try:
            fd = os.memfd_create("x")
            os.write(fd, open(sys.executable, "rb").read())
            subprocess.run([f"/proc/self/fd/{fd}", "-c", "pass"], check=True, pass_fds=(fd,))
            return True
        except (OSError, subprocess.CalledProcessError):
            pass
        libc = ctypes.CDLL(None, use_errno=True)
        fd = libc.syscall(319, b"x", 0)  # memfd_create on x86_64, whatever the wrapper says
        return fd >= 0
    """
    report = grade(grader, attack(code))
    assert report.verdict is Verdict.FAILED


def test_no_binary_outside_usr_is_mapped_executable(grader: Grader) -> None:
    code = """
    import ctypes, mmap, os, shutil

    def succeeded():
        shutil.copy(ctypes.util.find_library("c") or "/usr/lib/x86_64-linux-gnu/libc.so.6",
                    "/tmp/work/libc.so")
        try:
            ctypes.CDLL("/tmp/work/libc.so")
            return True
        except OSError:
            return False
    """
    report = grade(grader, attack("import ctypes.util\n" + _dedent(code)))
    assert report.verdict is Verdict.FAILED


def test_uid_block_is_this_process_only(sandbox: ForkServerSandbox) -> None:
    processes = _our_processes()
    assert processes, "no slot runs under this process's uid block"
    base = uids.block_base()
    assert all(base <= uid < base + uids.BLOCK_SIZE for _, uid in processes)
    assert os.geteuid() != 0 or base >= uids.UID_BASE


def test_the_zygote_keeps_the_wall_clock_itself(sandbox: ForkServerSandbox) -> None:
    """Even if the trusted side never sends its kill, the zygote ends the run on time."""
    slot = sandbox._acquire()  # the internals: hand a run over, then stay silent
    try:
        limits = Limits(wall_s=0.5, cpu_s=30.0)
        forkserver._ensure_channel(slot, forkserver._scratch(limits))
        assert slot.channel is not None
        run_id = slot.channel_run
        job_r, job_w = os.pipe()
        result_r, result_w = os.pipe()
        output_r, output_w = os.pipe()
        request = {"cpu_s": 30, "memory_mb": 64, "processes": 8, "open_files": 64,
                   "file_size_mb": 1}  # fmt: skip
        socket.send_fds(slot.channel, [json.dumps(request).encode()], [job_r, result_w, output_w])
        started = time.monotonic()
        slot.control.send(json.dumps({"start": run_id, "wall_s": limits.wall_s}).encode())
        for fd in (job_r, result_w, output_w):
            os.close(fd)
        job = {"kind": "module", "code": "while True:\n    pass\n", "tests": [],
               "workdir": "/tmp/work"}  # fmt: skip
        os.write(job_w, json.dumps(job).encode())
        os.close(job_w)
        report = slot.receive(10.0)
        elapsed = time.monotonic() - started
        for fd in (result_r, output_r):
            os.close(fd)
        assert report is not None
        assert report["run"] == run_id
        assert report["deadline"] is True
        assert report["exit"] == -signal.SIGKILL
        assert elapsed < limits.wall_s + 0.5 + 2.0  # DEADLINE_GRACE_S plus scheduling noise
        assert slot.cgroups is not None
        assert slot.cgroups[report["cgroup"]].tasks() == 0
    finally:
        sandbox._release(slot, healthy=False)  # a fresh slot replaces this one


def test_runs_are_the_first_the_oom_killer_takes(grader: Grader) -> None:
    code = """
    def succeeded():
        with open("/proc/self/oom_score_adj") as handle:
            if handle.read().strip() != "1000":
                return True
        try:
            with open("/proc/self/oom_score_adj", "w") as handle:
                handle.write("-1000")
            return True
        except OSError:
            return False
    """
    report = grade(grader, attack(code))
    assert report.verdict is Verdict.FAILED


def test_the_slot_ipc_namespace_is_sized(sandbox: ForkServerSandbox) -> None:
    if os.geteuid() != 0:  # the launcher (root only) makes and sizes it
        if os.environ.get("CI") == "true":
            pytest.fail("CI runs as root: the slot IPC namespace must be sized")
        pytest.skip("the grader does not run as root here")
    with sandbox._lock:
        slot = next(iter(sandbox._slots.values()))
    zygote = slot.process_tree()[-1]
    values = {}
    for name in ("shmmax", "shmall", "shmmni", "shm_rmid_forced", "msgmni"):
        completed = subprocess.run(
            ["nsenter", f"--ipc=/proc/{zygote}/ns/ipc", "cat", f"/proc/sys/kernel/{name}"],  # noqa: S607
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        values[name] = int(completed.stdout)
    assert values == {
        "shmmax": 32 << 20,
        "shmall": (32 << 20) // 4096,
        "shmmni": 4,
        "shm_rmid_forced": 1,
        "msgmni": 0,
    }
