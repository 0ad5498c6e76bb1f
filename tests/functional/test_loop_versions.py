"""The PostgreSQL version reader on the event loop (``web.loop_versions``): cached reads
never leave the loop, a killed or unreachable connection falls back to the threadpool path
(same answers, no 5xx), and the loop path comes back by itself."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, make_url, text

from pyroad.app import create_app
from pyroad.grading.sandbox import Sandbox
from pyroad.web import loop_versions
from tests.conftest import Learner, make_settings, on_a_thread_of_its_own, sessions_opened

ROADMAP = "/api/v1/roadmap"


@pytest.fixture
def pg_client(tmp_path: Path, postgres_url: str, sandbox: Sandbox) -> Iterator[TestClient]:
    settings = make_settings(tmp_path, postgres_url)
    with TestClient(create_app(settings, sandbox=sandbox)) as client:
        yield client


def reader_of(client: TestClient) -> loop_versions.PostgresVersions:
    found = client.app.state.loop_versions  # type: ignore[attr-defined]
    assert isinstance(found, loop_versions.PostgresVersions)
    return found


def served_on_loop(client: TestClient, learner: Learner) -> bool:
    """Whether the learner's cached roadmap is answered without the threadpool path."""
    with sessions_opened(client) as opened:
        response = learner.get(ROADMAP)
    assert response.status_code == 200, response.text
    return not opened


def test_cached_reads_are_answered_on_the_loop(pg_client: TestClient) -> None:
    learner = Learner(pg_client)
    assert learner.get(ROADMAP).status_code == 200  # builds the cached body
    assert served_on_loop(pg_client, learner)
    assert reader_of(pg_client)._connection is not None


def test_a_killed_connection_falls_back_then_the_loop_path_returns(
    pg_client: TestClient, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    learner = Learner(pg_client)
    first = learner.get(ROADMAP)
    assert first.status_code == 200 and served_on_loop(pg_client, learner)
    reader = reader_of(pg_client)
    assert reader._connection is not None
    pid = reader._connection.info.backend_pid
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    admin.dispose()
    monkeypatch.setattr(loop_versions.PostgresVersions, "REST_S", 0.2)
    # The dead connection is found out; the threadpool path answers the same body, no 5xx.
    after = learner.get(ROADMAP)
    assert after.status_code == 200 and after.json() == first.json()
    assert reader._connection is None
    assert not served_on_loop(pg_client, learner)  # resting: no reconnect per request
    time.sleep(0.25)
    assert served_on_loop(pg_client, learner)
    assert reader._connection is not None and reader._connection.info.backend_pid != pid


def test_an_unreachable_server_costs_reads_nothing(
    pg_client: TestClient, postgres_url: str
) -> None:
    learner = Learner(pg_client)
    assert learner.get(ROADMAP).status_code == 200
    reader = reader_of(pg_client)
    closed = make_url(postgres_url).set(port=9)  # nothing listens there
    broken = loop_versions.PostgresVersions(closed)
    pg_client.app.state.loop_versions = broken  # type: ignore[attr-defined]
    try:
        for _ in range(3):
            response = learner.get(ROADMAP)
            assert response.status_code == 200, response.text
        assert broken._connection is None
    finally:
        pg_client.app.state.loop_versions = reader  # type: ignore[attr-defined]


def test_a_stalled_read_gives_up_on_the_loop_and_the_request_still_answers(
    pg_client: TestClient, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lock on the users table stalls the version read: the loop gives up after
    TIMEOUT_S (the query is cancelled, the connection dropped), the threadpool path waits
    for the lock like any query and answers 200, and the loop path comes back after."""
    learner = Learner(pg_client)
    first = learner.get(ROADMAP)
    assert first.status_code == 200 and served_on_loop(pg_client, learner)
    reader = reader_of(pg_client)
    monkeypatch.setattr(loop_versions.PostgresVersions, "REST_S", 0.2)
    admin = create_engine(postgres_url)
    locked = threading.Event()

    def hold_lock() -> None:
        with admin.begin() as connection:
            connection.execute(text("LOCK TABLE users IN ACCESS EXCLUSIVE MODE"))
            locked.set()
            time.sleep(1.5)

    holder = threading.Thread(target=hold_lock)
    holder.start()
    try:
        assert locked.wait(10)
        started = time.monotonic()
        stalled = learner.get(ROADMAP)
        waited = time.monotonic() - started
    finally:
        holder.join()
        admin.dispose()
    assert stalled.status_code == 200 and stalled.json() == first.json()
    assert waited >= loop_versions.PostgresVersions.TIMEOUT_S  # it did wait for the lock
    assert reader._connection is None  # given up and dropped, not left mid-query
    time.sleep(0.25)
    assert served_on_loop(pg_client, learner)


class HeldAfterReading(loop_versions.PostgresVersions):
    """The reader with its first read held between the query's answer and the requests'
    (the moment a change may commit unseen by that answer)."""

    TIMEOUT_S = 5.0  # the hold must not count against a request's own deadline here

    def __init__(self, url: str) -> None:
        super().__init__(make_url(url))
        self.answered = asyncio.Event()
        self.release = asyncio.Event()

    async def hold(self, user_id: int) -> asyncio.Task[int | None]:
        """A request whose read has been answered by the server and is now held."""
        held = asyncio.create_task(self.current(user_id))
        await asyncio.wait_for(self.answered.wait(), 5)
        return held

    async def _read(self, user_ids: list[int]) -> dict[int, int]:
        found = await super()._read(user_ids)
        if not self.answered.is_set():
            self.answered.set()
            await self.release.wait()
        return found


def two_learners(client: TestClient, postgres_url: str) -> tuple[int, int]:
    Learner(client), Learner(client)
    admin = create_engine(postgres_url)
    with admin.connect() as connection:
        ids = [int(row.id) for row in connection.execute(text("SELECT id FROM users ORDER BY id"))]
    admin.dispose()
    return ids[-2], ids[-1]


def bump(postgres_url: str, user_id: int) -> int:
    admin = create_engine(postgres_url)
    with admin.begin() as connection:
        version = connection.execute(
            text(
                "UPDATE users SET progress_version = progress_version + 1"
                " WHERE id = :id RETURNING progress_version"
            ),
            {"id": user_id},
        ).scalar_one()
    admin.dispose()
    return int(version)


def test_requests_arriving_during_a_read_wait_for_the_next_one(
    pg_client: TestClient, postgres_url: str
) -> None:
    """A read in flight answers only the requests that arrived before it was sent: one
    arriving later (after a change committed) gets a read of its own, shared with every
    other request that arrived meanwhile: one round trip for all of them."""
    first_id, second_id = two_learners(pg_client, postgres_url)

    async def scenario() -> None:
        reader = HeldAfterReading(postgres_url)
        try:
            early = await reader.hold(first_id)
            before = await asyncio.to_thread(bump, postgres_url, first_id) - 1
            late = [asyncio.create_task(reader.current(first_id)) for _ in range(5)]
            other = [asyncio.create_task(reader.current(second_id)) for _ in range(5)]
            await asyncio.sleep(0.05)
            assert not early.done() and not any(t.done() for t in late)
            reader.release.set()
            assert await early == before  # read before the change: the truth when asked
            assert await asyncio.gather(*late) == [before + 1] * 5
            assert len(set(await asyncio.gather(*other))) == 1
            assert reader.reads == 2
        finally:
            await reader.aclose()

    on_a_thread_of_its_own(lambda: asyncio.run(scenario()))


def test_a_request_that_gives_up_leaves_the_others_answered(
    pg_client: TestClient, postgres_url: str
) -> None:
    first_id, _ = two_learners(pg_client, postgres_url)

    async def scenario() -> None:
        reader = HeldAfterReading(postgres_url)
        try:
            held = await reader.hold(first_id)
            leaving = asyncio.create_task(reader.current(first_id))
            staying = asyncio.create_task(reader.current(first_id))
            await asyncio.sleep(0)
            leaving.cancel()
            reader.release.set()
            version = await held
            assert await staying == version
            assert leaving.cancelled()
            assert await reader.current(first_id) == version  # the reader still works
        finally:
            await reader.aclose()

    on_a_thread_of_its_own(lambda: asyncio.run(scenario()))


def test_closing_the_reader_answers_everyone_waiting(
    pg_client: TestClient, postgres_url: str
) -> None:
    first_id, second_id = two_learners(pg_client, postgres_url)

    async def scenario() -> None:
        reader = HeldAfterReading(postgres_url)
        held = await reader.hold(first_id)
        waiting = asyncio.create_task(reader.current(second_id))
        await asyncio.sleep(0)
        await reader.aclose()
        for task in (held, waiting):
            with pytest.raises(loop_versions.Unavailable):
                await task
        assert reader._connection is None

    on_a_thread_of_its_own(lambda: asyncio.run(scenario()))
