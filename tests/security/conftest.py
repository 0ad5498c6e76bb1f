"""Hostile submissions run through the real Grader and the real sandbox.

Each test grades one hostile submission against a small exercise defined here (never the
course content), then asserts the exact verdict and that the host is unharmed. Most attacks
are written so that *success* would turn a wrong answer into a right one: the submission
returns ``a + b`` (correct) only if the attack worked and ``a - b`` otherwise, so a sandbox
that lets the attack through shows up as a pass.

Under CI=true a host that cannot run the sandbox is a failure, not a skip.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
import textwrap
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pyroad.curriculum.model import Difficulty, Exercise, ExerciseKind, ExerciseLimits, Probe
from pyroad.grading.forkserver import ForkServerSandbox
from pyroad.grading.grader import Grader, GradeReport, Verdict
from pyroad.grading.sandbox import SandboxUnavailable

SECRET_ENV = "PYROAD_SECURITY_TEST_SECRET"
SECRET_VALUE = "s3cret-" + secrets.token_hex(8)
REFERENCE_MARKER = "REFERENCE-ONLY-" + secrets.token_hex(8)

ADD_REFERENCE = f'''
def add(a, b):
    """{REFERENCE_MARKER}"""
    return a + b
'''
# The statement shows add(2, 3) == 5; the other probes are hidden. b is never 0, so the
# "attack failed" answer a - b is wrong for every probe.
ADD_PROBES = (
    "solution.add(2, 3)",
    "solution.add(-4, 10)",
    "solution.add(100, 23)",
    "solution.add(7, -7)",
    "solution.add(0.5, 0.25)",
    "solution.add(10**20, 1)",
    "solution.add('py', 'road')",
)


@dataclass
class Host:
    """Things outside the sandbox that hostile code must not reach or change."""

    data_dir: Path
    database: Path
    canary: Path
    canary_text: str


def make_exercise(
    slug: str = "sec-add",
    solution: str = ADD_REFERENCE,
    probes: tuple[str, ...] = ADD_PROBES,
    kind: ExerciseKind = ExerciseKind.MODULE,
    time_s: float = 2.0,
    memory_mb: int = 128,
    setup_repo: str = "",
) -> Exercise:
    return Exercise(
        slug=slug,
        step=1,
        title=slug,
        order=1,
        difficulty=Difficulty.EASY,
        minutes=1,
        concepts=(),
        hints=(),
        kind=kind,
        statement="Write add(a, b). Example: add(2, 3) == 5.",
        starter="",
        solution=solution,
        setup="",
        setup_repo=setup_repo,
        tests=tuple(
            Probe(f"probe {n}", code, "add should add.", n) for n, code in enumerate(probes, 1)
        ),
        wrong_solutions=(),
        limits=ExerciseLimits(time_s=time_s, memory_mb=memory_mb),
        lessons=(),
        project=False,
        path=Path("/nonexistent"),
    )


@pytest.fixture(scope="session")
def sandbox() -> Iterator[ForkServerSandbox]:
    os.environ[SECRET_ENV] = SECRET_VALUE  # set before the slots start: it must not leak
    try:
        pool = ForkServerSandbox(slots=2)
    except SandboxUnavailable as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the sandbox must run in CI: {error}")
        pytest.skip(f"sandbox unavailable on this host: {error}")
    yield pool
    pool.close()


@pytest.fixture(scope="session")
def grader(sandbox: ForkServerSandbox) -> Grader:
    return Grader(sandbox)


@pytest.fixture(scope="session")
def host(tmp_path_factory: pytest.TempPathFactory) -> Host:
    data_dir = tmp_path_factory.mktemp("data")
    database = data_dir / "pyroad.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.execute("create table secrets (value text)")
        connection.execute("insert into secrets values (?)", (SECRET_VALUE,))
    connection.close()
    canary = data_dir / "canary.txt"
    canary_text = "untouched " + secrets.token_hex(4)
    canary.write_text(canary_text)
    return Host(data_dir, database, canary, canary_text)


@pytest.fixture(autouse=True)
def host_unharmed(sandbox: ForkServerSandbox, grader: Grader, host: Host) -> Iterator[None]:
    """After every hostile run: files intact, no stray processes, the pool still grades."""
    yield
    assert host.canary.read_text() == host.canary_text
    assert os.environ.get(SECRET_ENV) == SECRET_VALUE
    settle_processes(sandbox)
    report = grader.grade(make_exercise(), "def add(a, b):\n    return a + b\n")
    assert report.verdict is Verdict.PASSED, report.summary


def settle_processes(sandbox: ForkServerSandbox, timeout: float = 5.0) -> None:
    """Each slot's tree is back to bubblewrap, its init, the zygote and the next run's child
    (forked ahead of time): the run left nothing behind."""
    deadline = time.monotonic() + timeout
    while True:
        counts = sandbox.slot_process_counts()
        if all(count <= 4 for count in counts):
            return
        assert time.monotonic() < deadline, f"processes left behind in the sandbox: {counts}"
        time.sleep(0.05)


def grade(grader: Grader, code: str, **exercise: object) -> GradeReport:
    return grader.grade(make_exercise(**exercise), textwrap.dedent(code))  # type: ignore[arg-type]


def attack(body: str) -> str:
    """A submission whose add is right only if ``succeeded()`` (defined by ``body``) is true."""
    return textwrap.dedent(body) + textwrap.dedent(
        """

        def add(a, b):
            return a + b if succeeded() else a - b
        """
    )
