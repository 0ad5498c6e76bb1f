"""Faults in the production shape: each test asserts 0 lost, 0 graded twice, none stuck.

Counting: "lost" and "stuck" come from the database (every accepted id has one row, done,
with a verdict); "graded twice" from the workers' JSON logs (a grading completed — recorded
or thrown away as outdated — more than once for one submission; see ``Stack.gradings``).
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, make_url, text

from pyroad.config import Settings
from pyroad.queue import GradingQueue
from tests.conftest import CURRICULUM
from tests.faults.conftest import Redis, Stack, learner

pytestmark = [pytest.mark.faults, pytest.mark.postgres, pytest.mark.timeout(120)]

SLUG = "parse-request-line"
EXERCISE = CURRICULUM / "01-basics" / "exercises" / SLUG
SOLUTION = (EXERCISE / "solution.py").read_text()
WRONG = (EXERCISE / "wrong" / "no-upper.py").read_text()
SUBMIT = f"/api/v1/exercises/{SLUG}/submissions"


def submit(client: httpx.Client, code: str) -> int:
    reply = client.post(SUBMIT, json={"code": code})
    assert reply.status_code == 202, reply.text
    return int(reply.json()["id"])


def wait_status(client: httpx.Client, submission_id: int, status: str, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while client.get(f"/api/v1/submissions/{submission_id}").json()["status"] != status:
        assert time.monotonic() < deadline, f"submission {submission_id} never {status}"
        time.sleep(0.05)


def test_worker_killed_mid_grade_is_graded_once_by_another(stack: Stack) -> None:
    """SIGKILL the worker while it grades; a second worker's sweep takes the row back
    (after STUCK_AFTER_S) and grades it once; the killed grading never completes."""
    stack.start(workers=1)
    with closing(learner(stack.server.url)) as client:
        slow = submit(client, "import time\ntime.sleep(3)\n" + SOLUTION)
        wait_status(client, slow, "running", 30)
        stack.kill_worker(stack.workers[0])
        others = [submit(client, SOLUTION), submit(client, WRONG)]  # queued, nobody grading
        stack.start_worker()
        stack.assert_all_graded_once([slow, *others])
        verdicts = {r[0]: r[2] for r in stack.rows()}
        assert verdicts == {slow: "passed", others[0]: "passed", others[1]: "failed"}
    assert stack.events("grading started")[slow] == 2  # the killed attempt, then the new one


def test_broker_stopped_and_started_again(stack: Stack, redis: Redis) -> None:
    """Redis goes away: the API still accepts and stores submissions (202); Redis comes back
    empty (no persistence) and the sweep enqueues what was accepted meanwhile."""
    stack.start(workers=1)
    with closing(learner(stack.server.url)) as client:
        before = submit(client, SOLUTION)
        wait_status(client, before, "done", 30)
        redis.stop()
        try:
            assert not redis.answers()
            during = [submit(client, SOLUTION if i % 2 else WRONG) for i in range(6)]
        finally:
            redis.start()  # same port; also restored when the submissions failed
        after = submit(client, SOLUTION)
        stack.assert_all_graded_once([before, *during, after], timeout_s=45)
    assert stack.workers[0].poll() is None, "the worker must survive the broker's restart"


def test_database_connections_terminated_mid_burst(stack: Stack) -> None:
    """pg_terminate_backend on every connection to the database, several times during a
    burst of submissions and polls: answers are 2xx or 503 with Retry-After, never 500,
    and once the kills stop the API answers by itself and every accepted one is graded."""
    stack.start(workers=1)
    database = make_url(stack.env["PYROAD_DATABASE_URL"]).database
    clients = [learner(stack.server.url) for _ in range(8)]
    accepted: list[int] = []
    statuses: list[int] = []
    missing_retry_after: list[int] = []
    timeouts: list[int] = []
    resets: list[str] = []
    stop = threading.Event()
    lock = threading.Lock()

    def burst(client: httpx.Client, index: int) -> None:
        while not stop.is_set():
            try:
                reply = client.post(SUBMIT, json={"code": SOLUTION if index % 2 else WRONG})
            except httpx.TimeoutException:
                with lock:  # the client gave up waiting; the row may still have been stored
                    timeouts.append(index)
                continue
            except httpx.TransportError as error:
                with lock:  # a reset connection: issue 11 wants none; reported below
                    resets.append(repr(error))
                continue
            with lock:
                statuses.append(reply.status_code)
                if reply.status_code == 202:
                    accepted.append(int(reply.json()["id"]))
                elif reply.status_code == 503 and "retry-after" not in reply.headers:
                    missing_retry_after.append(reply.status_code)
            client.get("/api/v1/roadmap")
            time.sleep(0.05)

    admin = create_engine(stack.env["PYROAD_DATABASE_URL"], isolation_level="AUTOCOMMIT")
    terminated = 0
    try:
        with ThreadPoolExecutor(len(clients)) as pool:
            futures = [pool.submit(burst, c, i) for i, c in enumerate(clients)]
            for _ in range(5):
                time.sleep(0.6)
                with admin.connect() as connection:
                    terminated += len(
                        connection.execute(
                            text(
                                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                "WHERE datname = :db AND pid <> pg_backend_pid()"
                            ),
                            {"db": database},
                        ).all()
                    )
            time.sleep(0.5)
            stop.set()
            for future in futures:
                future.result()
    finally:
        stop.set()
        admin.dispose()
    assert terminated > 0
    if resets:  # known gap (issue 11): a killed connection can reset the HTTP one too
        print(f"known gap: {len(resets)} HTTP connections reset: {resets[:3]}")
    assert 500 not in statuses and not missing_retry_after, sorted(set(statuses))
    assert set(statuses) <= {202, 503}, sorted(set(statuses))
    # Recovers by itself: a fresh request right away is served.
    with closing(learner(stack.server.url)) as client:
        accepted.append(submit(client, SOLUTION))
    for client in clients:
        client.close()
    # A 503 may come after the row committed (the connection died while answering), and a
    # client that timed out or was reset never saw its answer: such a submission is stored and
    # graded once; the learner may submit again.
    stack.assert_all_graded_once(
        accepted, timeout_s=45, unanswered=statuses.count(503) + len(timeouts) + len(resets)
    )


def test_message_delivered_twice_is_graded_once(stack: Stack, tmp_path: Path) -> None:
    """The same submission id sent to the broker three times (a redelivery, a re-sent
    doorbell): one grading, the other deliveries are skipped as not queued."""
    stack.start(workers=0)
    with closing(learner(stack.server.url)) as client:
        ids = [submit(client, SOLUTION), submit(client, WRONG)]
    settings = Settings(
        broker="redis", broker_url=stack.env["PYROAD_BROKER_URL"], data_dir=tmp_path / "sender"
    )
    queue = GradingQueue(settings, lambda _: None)
    try:
        for submission_id in ids:
            queue.enqueue(submission_id)
            queue.enqueue(submission_id)
    finally:
        queue.stop()
    stack.start_worker(threads=2)  # duplicates may be taken at the same moment
    stack.assert_all_graded_once(ids)
    assert all(stack.events("grading started")[i] == 1 for i in ids)
    skipped = stack.events("grading skipped: not queued")
    assert sum(skipped[i] for i in ids) >= 2 * len(ids)  # 3 deliveries each, 1 graded
