"""Git exercises' commands run in bash: it may run git and a few file tools, nothing else.

Each attack is a command chained with ``&& echo done > flag.txt``: the exercise's only
probe reads flag.txt, so an attack that works turns into a passing submission. bash and
the file tools are executable in git runs only; the interpreter's binaries stay neither
executable nor readable, there is no network, and the run's limits hold for the shell and
everything it starts.
"""

from __future__ import annotations

import socket
import sys
import time
from collections.abc import Iterator

import pytest

from pyroad.curriculum.model import ExerciseKind
from pyroad.grading.grader import Grader, GradeReport, Verdict
from pyroad.grading.slot import NEUTRAL_PYTHON
from tests.security.conftest import SECRET_VALUE, attack, grade

pytestmark = pytest.mark.timeout(90)

PYTHON = f"{NEUTRAL_PYTHON}/bin/python{sys.version_info.major}.{sys.version_info.minor}"
FLAG_PROBE = "read_text('flag.txt') if __import__('os').path.exists('flag.txt') else None"
SUCCEEDED = " && echo done > flag.txt\n"


def grade_shell(grader: Grader, script: str, time_s: float = 2.0) -> GradeReport:
    """Grade ``script`` as a git exercise whose reference just writes flag.txt."""
    return grade(
        grader,
        script,
        slug="sec-shell",
        solution="echo done > flag.txt\n",
        probes=(FLAG_PROBE,),
        kind=ExerciseKind.GIT,
        setup_repo=(
            'git("init", "-b", "main")\n'
            'git("config", "user.name", "Ada")\n'
            'git("config", "user.email", "ada@example.com")\n'
        ),
        time_s=time_s,
    )


def everything_said(report: GradeReport) -> str:
    said = report.summary + report.traceback + report.stdout + report.explanation
    return said + "".join(test.stdout + test.message + test.traceback for test in report.tests)


def test_the_shell_and_its_tools_work(grader: Grader) -> None:
    """The baseline the attacks are measured against: a terminal's ordinary commands."""
    script = (
        "mkdir -p docs && echo 'hello' > docs/a.txt && cp docs/a.txt b.txt && ls docs\n"
        "cat b.txt | grep hell | wc -l && head -n 1 b.txt && tail -n 1 b.txt\n"
        'git add . && git commit -q -m "it\'s the first" && git log --format=%s' + SUCCEEDED
    )
    report = grade_shell(grader, script)
    assert report.verdict is Verdict.PASSED, everything_said(report)
    assert (
        "$ cat b.txt | grep hell | wc -l && head -n 1 b.txt && tail -n 1 b.txt\n1\nhello\nhello\n"
        in (report.stdout)
    )
    assert "it's the first\n" in report.stdout


@pytest.mark.parametrize(
    "attack",
    [
        'python3 -c \'print("PWN" + "ED")\'',
        f'{PYTHON} -c \'print("PWN" + "ED")\'',
        f"bash -c 'exec {PYTHON} -c \"print(1)\"'",
        "bash -c 'exec python3'",
        "/usr/bin/env python3 -c 'print(1)'",
        "perl -e 'print 1'",
        "sh -c 'echo 1'",
        f"/lib64/ld-linux-x86-64.so.2 {PYTHON} -c 'print(1)'",
        f"/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 {PYTHON} -c 'print(1)'",
        "/proc/1/exe -c 'print(1)'",  # pid 1 of the run is the harness: the interpreter
        "ls -l /proc/self/fd/ > /dev/null && /proc/$$/root/proc/1/exe -c 'print(1)'",
        f"cp {PYTHON} py && ./py -c 'print(1)'",
        "cat /proc/1/exe > py && ./py -c 'print(1)'",
        f"head -c 4 {PYTHON} | grep -q ELF",  # the interpreter is not even readable
        "git -c alias.x='!python3 -c \"print(1)\"' x",
        f"git -c alias.x='!{PYTHON}' x -c 'print(1)'",
        f"git -c alias.x='!bash -c \"exec {PYTHON}\"' x",
        "git -c alias.x='!/lib64/ld-linux-x86-64.so.2' x " + PYTHON,
        "yes > big",  # not installed either
    ],
)
def test_the_shell_runs_only_git_and_the_file_tools(grader: Grader, attack: str) -> None:
    report = grade_shell(grader, attack + SUCCEEDED)
    assert report.verdict is Verdict.ERROR, everything_said(report)
    assert "PWNED" not in everything_said(report)


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A TCP server on the host's loopback that the sandbox must not reach."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    yield server
    server.close()


@pytest.mark.parametrize(
    "attack",
    [
        "exec 3<>/dev/tcp/127.0.0.1/{port}",
        "echo hi > /dev/tcp/127.0.0.1/{port}",
        "cat < /dev/tcp/1.1.1.1/443",
        "echo hi > /dev/udp/127.0.0.1/53",
        "git ls-remote http://127.0.0.1:{port}/repo.git",
        "git clone https://github.com/git/git.git stolen",
    ],
)
def test_the_shell_has_no_network(grader: Grader, listener: socket.socket, attack: str) -> None:
    port = listener.getsockname()[1]
    report = grade_shell(grader, attack.format(port=port) + SUCCEEDED)
    assert report.verdict is Verdict.ERROR, everything_said(report)
    with pytest.raises(TimeoutError):
        listener.accept()


def test_the_shell_sees_no_secret_environment(grader: Grader) -> None:
    script = f"grep -a -q {SECRET_VALUE[:8]} /proc/*/environ" + SUCCEEDED
    report = grade_shell(grader, script)
    assert report.verdict is Verdict.ERROR  # grep found nothing: exit 1 stops the script
    assert SECRET_VALUE not in everything_said(report)


def test_fork_bomb_is_contained_and_killed_at_the_wall_clock(grader: Grader) -> None:
    started = time.monotonic()
    report = grade_shell(grader, ":(){ :|:& };:\nwhile :; do :; done" + SUCCEEDED)
    assert report.verdict is Verdict.TIMEOUT, everything_said(report)
    assert time.monotonic() - started < 15
    # The host_unharmed fixture then checks that no process of the bomb is left.


def test_fork_bomb_meets_the_process_limit(grader: Grader) -> None:
    """The bomb's top call returns at once; its forks fail at the pids limit (bash says so
    and retries) and whatever it started dies with the script, which ends normally.

    How far the bomb grows before the script ends depends on scheduling (a busy loop to
    wait for it would not end: the bomb's churn of forks and exits takes the run's CPU,
    which is the previous test's timeout), so up to five runs may be needed to see bash
    meet the limit; every run must end cleanly and quickly.
    """
    script = ":(){ :|:& };:\n" + "".join(f"echo {n}\n" for n in range(40)) + "true" + SUCCEEDED
    for _ in range(5):
        started = time.monotonic()
        report = grade_shell(grader, script, time_s=6)
        assert report.verdict is Verdict.PASSED, everything_said(report)
        assert time.monotonic() - started < 5
        if "fork: retry: Resource temporarily unavailable" in report.stdout:
            return
    pytest.fail("the bomb never met the process limit in five runs: " + report.stdout)


@pytest.mark.parametrize(
    "script",
    [
        ":(){ :|:& };:\n" + "".join(f"echo {n}\n" for n in range(10)) + "true",
        "set -m\n(while :; do :; done) &\necho started",  # a job in a process group of its own
    ],
)
def test_nothing_the_script_started_outlives_it(grader: Grader, script: str) -> None:
    """Before the probes run, every process the script left behind is gone (and the probes'
    git can still fork after a fork bomb)."""
    report = grade(
        grader,
        script + SUCCEEDED,
        slug="sec-shell-left-behind",
        solution="echo done > flag.txt\n",
        probes=(
            FLAG_PROBE,
            "git('status', '--porcelain')",
            "[p for p in __import__('os').listdir('/proc') if p.isdigit()]",  # only the harness
        ),
        kind=ExerciseKind.GIT,
        setup_repo='git("init", "-b", "main")\n',
        time_s=6,
    )
    assert report.verdict is Verdict.PASSED, everything_said(report)


def test_cpu_loop_in_the_shell_times_out(grader: Grader) -> None:
    report = grade_shell(grader, "while :; do :; done" + SUCCEEDED)
    assert report.verdict is Verdict.TIMEOUT


def test_a_big_file_hits_the_file_size_limit(grader: Grader) -> None:
    started = time.monotonic()
    report = grade_shell(grader, "cat /dev/zero > big" + SUCCEEDED)
    assert report.verdict is Verdict.ERROR, everything_said(report)
    assert time.monotonic() - started < 10  # stopped by the limit, not by the wall clock
    assert "File size limit exceeded" in report.traceback


def test_bash_itself_cannot_write_past_the_file_size_limit(grader: Grader) -> None:
    """A loop of bash's own echo: bash itself is stopped at the limit."""
    script = (
        "x=$(printf '%01000d' 0); for i in {1..20000}; do echo $x; done > big 2> /dev/null; "
        "test $(wc -c < big) -gt $((8 << 20))" + SUCCEEDED  # the limit is 8 MiB
    )
    report = grade_shell(grader, script)
    assert report.verdict is Verdict.ERROR, everything_said(report)
    # bash is ended by SIGXFSZ at the limit (its EXIT trap catches it), before `test` runs.
    assert "ended the shell: a file grew past the size limit" in report.traceback


@pytest.mark.parametrize(
    "attack",
    [
        "cat /dev/zero",
        "x=$(printf '%01000d' 0); while :; do echo $x; done",  # bash's own echo
        "cat /dev/urandom >&2",
    ],
)
def test_an_output_flood_hits_the_output_limit(grader: Grader, attack: str) -> None:
    report = grade_shell(grader, attack + SUCCEEDED)
    assert report.verdict is Verdict.OUTPUT_LIMIT, everything_said(report)


def test_background_jobs_end_with_the_script(grader: Grader) -> None:
    """A job left running in the background is killed when the commands are done: the run
    ends at once (not at the wall clock), and the host_unharmed fixture finds nothing left."""
    started = time.monotonic()
    report = grade_shell(grader, "(while :; do :; done) &\necho started" + SUCCEEDED, time_s=5)
    assert report.verdict is Verdict.PASSED, everything_said(report)
    assert time.monotonic() - started < 3


def test_a_beginner_mistake_gets_a_tailored_explanation(grader: Grader) -> None:
    """Through the real grader: the git-kind error path asks git_errors first."""
    report = grade_shell(grader, "git add . && git commit -m Initial commit\n")
    assert report.verdict is Verdict.ERROR
    assert report.explanation.startswith(
        'Put the commit message in quotes: `git commit -m "Initial commit"`.'
    )
    assert "`git add . && git commit -m Initial commit` stopped at" in report.traceback


def test_python_runs_still_cannot_start_bash_or_its_tools(grader: Grader) -> None:
    """bash and the file tools are bound into every slot, but only git runs may execute them."""
    code = """
    import subprocess

    def succeeded():
        for argv in (["/usr/bin/bash", "-c", "true"], ["bash", "-c", "true"], ["/usr/bin/ls"],
                     ["/usr/bin/cat", "/dev/null"], ["/usr/bin/git", "--version"]):
            try:
                subprocess.run(argv, check=True, capture_output=True)
                return True
            except (OSError, subprocess.CalledProcessError):
                pass
        return False
    """
    report = grade(grader, attack(code))
    assert report.verdict is Verdict.FAILED
