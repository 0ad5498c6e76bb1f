"""Processes, threads, memory, CPU, wall clock, output and the stack are all bounded."""

from __future__ import annotations

import os
import time

import pytest

from pyroad.grading.grader import Grader, Verdict
from tests.security.conftest import attack, grade

pytestmark = pytest.mark.timeout(60)


def test_fork_bomb(grader: Grader) -> None:
    code = """
    import os

    def add(a, b):
        while True:
            try:
                os.fork()
            except OSError:
                pass
    """
    started = time.monotonic()
    report = grade(grader, code, time_s=1.5)
    assert report.verdict is Verdict.TIMEOUT
    assert time.monotonic() - started < 20
    assert os.getloadavg()  # the host still answers


def test_fork_bomb_counts_against_the_process_limit(grader: Grader) -> None:
    code = """
    import os, time

    def succeeded():
        children = 0
        try:
            for _ in range(1000):
                if os.fork() == 0:
                    time.sleep(30)
                    os._exit(0)
                children += 1
        except OSError:
            pass
        return children >= 200
    """
    report = grade(grader, attack(code), time_s=3.0)
    assert report.verdict is Verdict.FAILED


def test_thread_bomb(grader: Grader) -> None:
    code = """
    import threading, time

    threads = []
    while True:
        thread = threading.Thread(target=time.sleep, args=(60,), daemon=True)
        thread.start()
        threads.append(thread)
    """
    report = grade(grader, code)
    assert report.verdict is Verdict.ERROR
    assert "RuntimeError" in report.summary


def test_memory_bomb_at_once(grader: Grader) -> None:
    report = grade(grader, "hoard = bytearray(1 << 40)\n")
    assert report.verdict is Verdict.MEMORY


def test_memory_bomb_growing(grader: Grader) -> None:
    code = """
    hoard = []

    def add(a, b):
        while True:
            hoard.append(bytearray(1 << 20))
    """
    report = grade(grader, code)
    assert report.verdict is Verdict.MEMORY


def test_cpu_loop(grader: Grader) -> None:
    code = """
    def add(a, b):
        while True:
            pass
    """
    report = grade(grader, code, time_s=1.0)
    assert report.verdict is Verdict.TIMEOUT


def test_sleep_past_the_wall_clock(grader: Grader) -> None:
    code = """
    import time

    def add(a, b):
        time.sleep(3600)
        return a + b
    """
    started = time.monotonic()
    report = grade(grader, code, time_s=1.0)
    assert report.verdict is Verdict.TIMEOUT
    assert time.monotonic() - started < 15


@pytest.mark.parametrize("how", ["print", "stdout fd", "sys.__stdout__", "stderr fd"])
def test_100_mb_of_output(grader: Grader, how: str) -> None:
    writes = {
        "print": "print(chunk)",
        "stdout fd": "os.write(1, chunk.encode())",
        "sys.__stdout__": "sys.__stdout__.write(chunk)",
        "stderr fd": "os.write(2, chunk.encode())",
    }
    code = f"""
    import os, sys

    def add(a, b):
        chunk = "x" * (1 << 20)
        for _ in range(100):
            {writes[how]}
        return a + b
    """
    report = grade(grader, code, time_s=5.0)
    assert report.verdict is Verdict.OUTPUT_LIMIT


@pytest.mark.parametrize("where", ["in the function", "at import", "swallowing errors"])
def test_a_print_loop_that_never_ends_stops_at_the_output_limit(grader: Grader, where: str) -> None:
    """Not at the time limit as a timeout: printing past the limit stops the run there."""
    loops = {
        "in the function": "def add(a, b):\n    while True:\n        print('a' * 1000)\n",
        "at import": "while True:\n    print('a' * 1000)\n",
        "swallowing errors": (
            "def add(a, b):\n    while True:\n        try:\n            print('a' * 10)\n"
            "        except Exception:\n            pass\n"
        ),
    }
    report = grade(grader, loops[where], time_s=30.0)
    assert report.verdict is Verdict.OUTPUT_LIMIT, report.summary


def test_infinite_recursion(grader: Grader) -> None:
    code = """
    def add(a, b):
        return add(a, b)
    """
    report = grade(grader, code)
    assert report.verdict is Verdict.ERROR  # RecursionError in every probe
    assert all("RecursionError" in test.message for test in report.tests)


def test_recursion_past_the_c_stack(grader: Grader) -> None:
    code = """
    import sys
    sys.setrecursionlimit(10**8)

    def add(a, b):
        nested = []
        for _ in range(150_000):
            nested = [nested]
        return len(repr(nested))  # repr recurses on the C stack
    """
    report = grade(grader, code, time_s=10.0)
    assert report.verdict is Verdict.ERROR  # the interpreter crashes (SIGSEGV): no pass


def test_open_file_limit(grader: Grader) -> None:
    code = """
    def succeeded():
        handles = []
        try:
            for _ in range(10000):
                handles.append(open("/dev/null"))
        except OSError:
            pass
        return len(handles) > 1000
    """
    report = grade(grader, attack(code))
    assert report.verdict is Verdict.FAILED


def test_raise_the_limits_again(grader: Grader) -> None:
    code = """
    import resource

    def succeeded():
        for limit in (resource.RLIMIT_AS, resource.RLIMIT_NPROC, resource.RLIMIT_CPU):
            try:
                resource.setrlimit(limit, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
                return True
            except (ValueError, OSError):
                pass
        return False
    """
    report = grade(grader, attack(code))
    assert report.verdict is Verdict.FAILED
