"""The warm pool: refills after a zygote dies, enforces limits, explains why it cannot run."""

from __future__ import annotations

import ast
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pyroad.config import Settings
from pyroad.grading import factory, forkserver
from pyroad.grading.forkserver import ForkServerSandbox
from pyroad.grading.sandbox import Job, Limits, RunOutcome, RunStatus, SandboxUnavailable
from pyroad.grading.subprocess_sandbox import SubprocessSandbox

pytestmark = pytest.mark.timeout(90)

ADD = Job("module", "def add(a, b):\n    return a + b\n", (("one", "solution.add(1, 2)"),))


@pytest.fixture(scope="module")
def pool() -> Iterator[ForkServerSandbox]:
    try:
        sandbox = ForkServerSandbox(slots=2)
    except SandboxUnavailable as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the sandbox must run in CI: {error}")
        pytest.skip(str(error))
    yield sandbox
    sandbox.close()


def run(pool: ForkServerSandbox, code: str, **limits: float) -> RunOutcome:
    job = Job("module", code, (("one", "solution.add(1, 2)"),))
    return pool.run(job, Limits(**limits))  # type: ignore[arg-type]


def wait_for_slots(pool: ForkServerSandbox, count: int) -> None:
    deadline = time.monotonic() + 30
    while len(pool.slot_process_counts()) < count:
        assert time.monotonic() < deadline, "the pool did not refill"
        time.sleep(0.05)


def zygote_pids(pool: ForkServerSandbox) -> list[int]:
    with pool._lock:  # a test may look inside
        return [s.process_tree()[2] for s in pool._slots.values()]  # bwrap, its init, zygote


def test_a_run_completes_with_events(pool: ForkServerSandbox) -> None:
    outcome = pool.run(ADD, Limits())
    assert outcome.status is RunStatus.COMPLETED
    assert [e["event"] for e in outcome.events] == ["loaded", "test", "done"]
    assert outcome.events[1]["observed"] == ["int", 3]


def test_events_are_streamed_to_the_callback(pool: ForkServerSandbox) -> None:
    seen: list[str] = []
    pool.run(ADD, Limits(), lambda event: seen.append(event["event"]))
    assert seen == ["loaded", "test", "done"]


def test_pool_refills_after_a_zygote_dies(pool: ForkServerSandbox) -> None:
    wait_for_slots(pool, 2)
    pids = zygote_pids(pool)
    for pid in pids:
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.01)
    outcome = pool.run(ADD, Limits())  # dead slots are replaced on the way
    assert outcome.status is RunStatus.COMPLETED
    wait_for_slots(pool, 2)


def test_zygote_crash_during_a_run_is_retried(pool: ForkServerSandbox) -> None:
    wait_for_slots(pool, 2)
    code = "import time\ntime.sleep(0.8)\ndef add(a, b):\n    return a + b\n"
    result: list[RunOutcome] = []
    thread = threading.Thread(target=lambda: result.append(run(pool, code)))
    thread.start()
    deadline = time.monotonic() + 10
    busy: list[int] = []
    while not busy and time.monotonic() < deadline:  # the slot whose tree holds a run
        with pool._lock:
            idle = set(map(id, pool._idle.queue))
            busy = [s.process_tree()[2] for s in pool._slots.values() if id(s) not in idle]
        time.sleep(0.02)
    assert busy, "the run never started"
    os.kill(busy[0], signal.SIGKILL)
    thread.join()
    assert result[0].status is RunStatus.COMPLETED
    wait_for_slots(pool, 2)


def test_wall_clock_timeout(pool: ForkServerSandbox) -> None:
    outcome = run(pool, "import time\ntime.sleep(60)\n", wall_s=0.5)
    assert outcome.status is RunStatus.TIMEOUT


def test_cpu_timeout(pool: ForkServerSandbox) -> None:
    outcome = run(pool, "while True:\n    pass\n", wall_s=10, cpu_s=1)
    assert outcome.status is RunStatus.TIMEOUT


def test_output_cap(pool: ForkServerSandbox) -> None:
    code = "import os\nfor _ in range(64):\n    os.write(1, b'x' * 65536)\n"
    outcome = run(pool, code, output_bytes=100_000)
    assert outcome.status is RunStatus.OUTPUT_LIMIT


def test_printed_output_is_capped_too(pool: ForkServerSandbox) -> None:
    code = "print('x' * 200_000)\ndef add(a, b):\n    return a + b\n"
    outcome = run(pool, code, output_bytes=100_000)
    assert outcome.status is RunStatus.OUTPUT_LIMIT


def test_memory_error_escaping_the_harness(pool: ForkServerSandbox) -> None:
    code = "hoard = bytearray(1 << 40)\n"
    outcome = run(pool, code, memory_mb=128)
    assert outcome.status is RunStatus.COMPLETED
    assert outcome.events[0]["error"][1][0] == "MemoryError"


def test_os_exit_is_a_crash(pool: ForkServerSandbox) -> None:
    outcome = run(pool, "import os\nos._exit(0)\n")
    assert outcome.status is RunStatus.CRASHED


def test_callers_queue_when_every_slot_is_busy(pool: ForkServerSandbox) -> None:
    code = "import time\ntime.sleep(0.2)\ndef add(a, b):\n    return a + b\n"
    outcomes: list[RunOutcome] = []
    threads = [threading.Thread(target=lambda: outcomes.append(run(pool, code))) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [o.status for o in outcomes] == [RunStatus.COMPLETED] * 5
    assert len(pool.slot_process_counts()) == 2  # never more slots than configured


def test_missing_bwrap_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("shutil.which", lambda name: None)
    with pytest.raises(SandboxUnavailable, match="apt-get install bubblewrap"):
        ForkServerSandbox(slots=1)


def test_a_sandbox_that_cannot_start_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("pyroad.grading.forkserver.find_bwrap", lambda: "/bin/false")
    monkeypatch.setattr("pyroad.grading.forkserver.START_TIMEOUT_S", 2.0)
    with pytest.raises(SandboxUnavailable, match="user namespaces"):
        ForkServerSandbox(slots=1)


def test_factory_refuses_the_unsafe_sandbox_without_the_flag() -> None:
    with pytest.raises(SandboxUnavailable):
        factory.make_sandbox(Settings(sandbox="unsafe-subprocess", unsafe_dev_sandbox=False))
    unsafe = factory.make_sandbox(Settings(sandbox="unsafe-subprocess", unsafe_dev_sandbox=True))
    assert isinstance(unsafe, SubprocessSandbox)


def test_factory_default_is_the_fork_server(pool: ForkServerSandbox) -> None:
    sandbox = factory.make_sandbox(Settings(workers=1))
    try:
        assert isinstance(sandbox, ForkServerSandbox)
    finally:
        sandbox.close()


def test_on_demand_frameworks_match_the_zygotes_list() -> None:
    source = (Path(forkserver.__file__).parent / "zygote.py").read_text()
    tree = ast.parse(source)
    table = next(
        node.value
        for node in tree.body
        if isinstance(node, ast.AnnAssign | ast.Assign)
        and "ON_DEMAND"
        in ast.unparse(node.targets[0] if isinstance(node, ast.Assign) else node.target)
    )
    assert isinstance(table, ast.Dict)
    assert {ast.literal_eval(key) for key in table.keys if key} == set(forkserver.ON_DEMAND)


def test_frameworks_are_found_in_the_job() -> None:
    job = Job(
        "module",
        "import fastapi\nfrom sqlalchemy.orm import Session\nimport os\n",
        (("t", "from flask import Flask\nFlask"),),
        setup="from solution import *",
    )
    assert forkserver._frameworks(job) == {"fastapi", "sqlalchemy", "flask"}


def test_a_framework_is_imported_once_per_slot(pool: ForkServerSandbox) -> None:
    code = "import httpx\ndef add(a, b):\n    return a + b\n"
    for _ in range(3):
        assert run(pool, code).status is RunStatus.COMPLETED
    with pool._lock:
        assert any("httpx" in slot.preloaded for slot in pool._slots.values())
