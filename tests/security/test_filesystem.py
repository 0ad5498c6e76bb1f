"""A read-only view of only what Python needs; a private scratch that is gone afterwards."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

from pyroad.config import PROJECT_ROOT
from pyroad.curriculum.model import ExerciseKind
from pyroad.grading.grader import Grader, GradeReport, Verdict
from pyroad.grading.slot import NEUTRAL_PYTHON
from tests.security.conftest import SECRET_ENV, SECRET_VALUE, Host, attack, grade

pytestmark = pytest.mark.timeout(60)


def _readable(*paths: str) -> str:
    return f"""
    def succeeded():
        for path in {list(paths)!r}:
            try:
                with open(path, "rb") as handle:
                    handle.read(1)
                return True
            except OSError:
                pass
        return False
    """


def test_read_etc_shadow(grader: Grader) -> None:
    report = grade(grader, attack(_readable("/etc/shadow", "/etc/gshadow", "/etc/sudoers")))
    assert report.verdict is Verdict.FAILED


def test_read_root_home(grader: Grader) -> None:
    code = """
    import os

    def succeeded():
        for path in ("/root", "/home", "/root/.ssh", "/root/.pyenv"):
            try:
                if os.listdir(path):
                    return True
            except OSError:
                pass
        for path in ("/root/.bashrc", "/root/.gitconfig", "/root/.npmrc"):
            if os.path.exists(path):
                return True
        return False
    """
    report = grade(grader, attack(code))
    assert report.verdict is Verdict.FAILED


def test_read_the_sqlite_database(grader: Grader, host: Host) -> None:
    code = f"""
    import sqlite3

    def succeeded():
        try:
            with open({str(host.database)!r}, "rb") as handle:
                return {SECRET_VALUE!r}.encode() in handle.read()
        except OSError:
            pass
        try:
            rows = sqlite3.connect({str(host.database)!r}).execute("select * from secrets")
            return bool(list(rows))
        except sqlite3.Error:
            return False
    """  # noqa: S608 - not a query: hostile code for the sandbox
    report = grade(grader, attack(code))
    assert report.verdict is Verdict.FAILED


def test_read_the_projects_own_files_and_secret_key(grader: Grader) -> None:
    paths = [
        str(PROJECT_ROOT / "pyroad" / "config.py"),
        str(PROJECT_ROOT / "data" / "secret_key"),
        str(PROJECT_ROOT / ".env"),
        "/opt/pyroad-grading/../../work/main/pyroad/config.py",
    ]
    report = grade(grader, attack(_readable(*paths)))
    assert report.verdict is Verdict.FAILED


@pytest.mark.parametrize("target", ["/proc/1/environ", "ppid", "all"])
def test_environment_of_the_server_is_invisible(grader: Grader, target: str) -> None:
    code = f"""
    import os

    def environments():
        if {target!r} == "/proc/1/environ":
            return ["/proc/1/environ", "/proc/self/environ"]
        if {target!r} == "ppid":
            return [f"/proc/{{os.getppid()}}/environ", f"/proc/{{os.getppid()}}/cmdline"]
        return [f"/proc/{{pid}}/environ" for pid in os.listdir("/proc") if pid.isdigit()]

    def succeeded():
        if {SECRET_ENV!r} in os.environ:
            return True
        for path in environments():
            try:
                with open(path, "rb") as handle:
                    if {SECRET_VALUE!r}.encode() in handle.read():
                        return True
            except OSError:
                pass
        return False
    """
    report = grade(grader, attack(code))
    assert report.verdict is Verdict.FAILED


def test_another_submissions_scratch_concurrently(grader: Grader) -> None:
    """Two runs at once: the second looks everywhere for the first one's file."""
    writer = """
    import os, time
    with open("/tmp/work/other-learner.txt", "w") as handle:
        handle.write("private work")
    with open("/tmp/other-learner.txt", "w") as handle:
        handle.write("private work")
    time.sleep(1.2)

    def add(a, b):
        return a - b
    """
    reader = """
    import os, time
    time.sleep(0.4)

    def succeeded():
        for root, dirs, files in os.walk("/"):
            if root.startswith(("/proc", "/sys", "/usr")):
                dirs[:] = []
                continue
            if "other-learner.txt" in files:
                return True
        return False
    """
    results: dict[str, GradeReport] = {}
    first = threading.Thread(target=lambda: results.update(w=grade(grader, writer, time_s=4.0)))
    first.start()
    results["r"] = grade(grader, attack(reader), time_s=4.0)
    first.join()
    assert results["w"].verdict is Verdict.FAILED
    assert results["r"].verdict is Verdict.FAILED


def test_scratch_is_gone_for_the_next_run(grader: Grader) -> None:
    first = """
    with open("/tmp/work/left-behind.txt", "w") as handle:
        handle.write("mine")

    def add(a, b):
        return a - b
    """
    assert grade(grader, first).verdict is Verdict.FAILED
    second = """
    import os

    def succeeded():
        return os.path.exists("/tmp/work/left-behind.txt") or bool(os.listdir("/tmp/work"))
    """
    for _ in range(4):  # whichever slot runs it
        assert grade(grader, attack(second)).verdict is Verdict.FAILED


def test_write_outside_scratch(grader: Grader, tmp_path: Path) -> None:
    marker = "pwned-" + tmp_path.name
    targets = [
        f"/usr/lib/pyroad/site-packages/{marker}.py",
        f"/usr/lib/pyroad/python/lib/{marker}",
        f"/opt/pyroad-grading/{marker}.py",
        f"/usr/lib/{marker}",
        "/etc/passwd",
        f"/{marker}",
        f"/dev/{marker}",
        f"/proc/{marker}",
        str(tmp_path / marker),
    ]
    code = f"""
    def succeeded():
        for path in {targets!r}:
            try:
                with open(path, "a") as handle:
                    handle.write("x")
                return True
            except OSError:
                pass
        return False
    """
    report = grade(grader, attack(code))
    assert report.verdict is Verdict.FAILED
    assert not (tmp_path / marker).exists()
    assert not list(PROJECT_ROOT.joinpath(".venv").glob(f"lib/python*/site-packages/{marker}.py"))


def test_host_tmp_is_not_the_sandbox_tmp(grader: Grader, tmp_path: Path) -> None:
    marker = Path("/tmp") / f"pyroad-security-{tmp_path.name}"
    code = f"""
    with open({str(marker)!r}, "w") as handle:
        handle.write("written inside the sandbox")

    def add(a, b):
        return a - b
    """
    assert grade(grader, code).verdict is Verdict.FAILED
    assert not marker.exists()


def test_fill_the_scratch_disk(grader: Grader) -> None:
    code = """
    import os

    def succeeded():
        written = 0
        try:
            for n in range(100000):
                with open(f"/tmp/work/fill-{n}", "wb") as handle:
                    handle.write(b"x" * (1 << 20))
                written += 1 << 20
        except OSError:
            pass
        try:
            for n in range(100000):
                os.mkdir(f"/tmp/work/inode-{n}")
        except OSError:
            pass
        return written > 64 << 20
    """
    report = grade(grader, attack(code), time_s=5.0)
    assert report.verdict is Verdict.FAILED


def test_symlinks_in_scratch_point_nowhere_on_the_host(grader: Grader, host: Host) -> None:
    code = f"""
    import os

    os.symlink("/", "/tmp/work/root-link")
    os.symlink({str(host.canary)!r}, "/tmp/work/canary-link")
    os.symlink("/proc/self/root", "/tmp/work/proc-root")

    def succeeded():
        for path in ("/tmp/work/canary-link", "/proc/1/root{host.canary}",
                     "/proc/self/cwd/../../../{host.canary}"):
            try:
                with open(path, "w") as handle:
                    handle.write("overwritten")
                return True
            except OSError:
                pass
        return False
    """
    report = grade(grader, attack(code))
    assert report.verdict is Verdict.FAILED
    assert host.canary.read_text() == host.canary_text


def grade_git_script(grader: Grader, script: str) -> GradeReport:
    """Grade a git exercise's script against a fresh repository with one trivial probe."""
    return grade(
        grader,
        script,
        slug="sec-git",
        solution="git status\n",
        probes=("git('status', '--porcelain')",),
        kind=ExerciseKind.GIT,
        setup_repo='git("init", "-b", "main")\ngit("config", "user.email", "a@example.com")\n',
    )


def test_git_cannot_reach_the_host_repository(grader: Grader) -> None:
    report = grade_git_script(grader, f"git clone {PROJECT_ROOT} stolen\ngit -C stolen log\n")
    assert report.verdict is Verdict.ERROR
    assert report.summary == "Your commands stopped at line 1: a git command failed."


@pytest.mark.parametrize(
    ("program", "arguments"),
    [
        ("{python}", ""),  # git starts a program of ours through an alias
        ("/lib64/ld-linux-x86-64.so.2", "{python}"),  # the dynamic loader starts it
        ("/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", "{python}"),
    ],
)
def test_git_runs_execute_only_git(grader: Grader, program: str, arguments: str) -> None:
    """Git runs may execve (git needs its helpers), but only git's own tools: an alias that
    starts the interpreter, directly or through the dynamic loader, must fail."""
    python = f"{NEUTRAL_PYTHON}/bin/python{sys.version_info.major}.{sys.version_info.minor}"
    program, arguments = program.format(python=python), arguments.format(python=python)
    script = (
        "echo raise(SystemExit(chr(80)+chr(87)+chr(78)+chr(69)+chr(68))) > evil.py\n"
        f"git -c alias.x=!{program} x {arguments} evil.py\n"
    )
    report = grade_git_script(grader, script)
    said = report.summary + report.traceback + report.stdout
    said += "".join(test.stdout + test.message + test.traceback for test in report.tests)
    assert "PWNED" not in said
    assert report.verdict is Verdict.ERROR
