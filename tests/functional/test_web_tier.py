"""The fast web tier: the token cache still honours logout, expiry and password reset at once;
the roadmap's fast JSON equals the view; reads carry ETags and answer 304."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import anyio
import anyio.to_thread
import pytest
from fastapi import Request
from fastapi.testclient import TestClient
from sqlalchemy import event, func, select
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeoutError
from sqlalchemy.orm import Session

from pyroad.accounts import reset, token_cache
from pyroad.accounts.models import AuthToken, User
from pyroad.accounts.services import digest, expire_token
from pyroad.app import create_app
from pyroad.curriculum.loader import load_catalog
from pyroad.db import transaction, utcnow
from pyroad.grading.sandbox import Sandbox
from pyroad.learning import views
from pyroad.submissions.models import Submission
from pyroad.web import deps
from pyroad.web.api import events as events_api
from tests.conftest import (
    CURRICULUM,
    Learner,
    make_settings,
    on_a_thread_of_its_own,
    sessions_opened,
)

SLUG = "format-order-line"
CATALOG, _ = load_catalog(CURRICULUM)
EXERCISE = CATALOG.require_exercise("parse-request-line")


def platform_of(client: TestClient) -> Any:
    return client.app.state.platform  # type: ignore[attr-defined]


@contextmanager
def statements(client: TestClient) -> Iterator[list[str]]:
    """The SQL statements the app runs inside the block."""
    seen: list[str] = []
    engine = platform_of(client).engine

    def record(*args: Any) -> None:
        seen.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_a_cached_token_costs_no_query_and_logout_ends_it_at_once(client: TestClient) -> None:
    learner = Learner(client)
    assert learner.get("/api/v1/me").status_code == 200
    with statements(client) as seen:
        assert learner.get("/api/v1/me").status_code == 200
    assert not [s for s in seen if "auth_tokens" in s], seen
    assert learner.post("/api/v1/auth/logout").status_code == 204
    assert learner.get("/api/v1/me").status_code == 401


def test_a_cached_sign_in_still_checks_csrf_and_the_channel(client: TestClient) -> None:
    """The sign-in answered from the token cache (on the loop, no query) keeps every check of
    the database path: a browser's write without its CSRF token is refused, and a token
    works only through the channel it was made for, however warm the cache."""
    learner = Learner(client)
    assert learner.get("/api/v1/me").status_code == 200  # the API token, cached
    client.cookies.set("pyroad_session", learner.token)  # the same token as a cookie
    assert client.get("/api/v1/me").status_code == 401
    client.cookies.clear()
    login = {"email": learner.email, "password": learner.password}
    assert client.post("/login", data=login, follow_redirects=False).status_code == 303
    assert client.get("/api/v1/me").status_code == 200  # the browser session, cached
    with statements(client) as seen:
        refused = client.post(
            f"/api/v1/exercises/{EXERCISE.slug}/submissions", json={"code": "x = 1"}
        )
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    assert not [s for s in seen if "auth_tokens" in s], seen  # it was the cached path
    session_token = client.cookies["pyroad_session"]
    as_bearer = {"Authorization": f"Bearer {session_token}"}
    client.cookies.clear()
    assert client.get("/api/v1/me", headers=as_bearer).status_code == 401


def test_expiry_is_honoured_to_the_second_and_expire_token_at_once(client: TestClient) -> None:
    learner, other = Learner(client), Learner(client)
    sessions = platform_of(client).sessions
    with transaction(sessions) as session:
        row = session.scalar(select(AuthToken).where(AuthToken.token_hash == digest(learner.token)))
        assert row is not None
        row.expires_at = utcnow() + timedelta(seconds=1.5)
    assert learner.get("/api/v1/me").status_code == 200  # now cached, expiry and all
    time.sleep(1.7)
    answer = learner.get("/api/v1/me")
    assert answer.status_code == 401
    assert "expired" in answer.json()["detail"]

    assert other.get("/api/v1/me").status_code == 200
    with transaction(sessions) as session:
        expire_token(session, other.token)
    assert other.get("/api/v1/me").status_code == 401


def test_a_password_reset_signs_cached_tokens_out_at_once(client: TestClient) -> None:
    learner = Learner(client)
    second = client.post(
        "/api/v1/auth/login", json={"email": learner.email, "password": learner.password}
    ).json()["access_token"]
    for token in (learner.token, second):
        assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).is_success
    with transaction(platform_of(client).sessions) as session:
        user = reset.find_user(session, learner.email)
        assert user is not None
        link = reset.issue_reset(session, user).token
    answer = client.post(f"/api/v1/password-reset/{link}", json={"password": "a new password!"})
    assert answer.status_code == 204, answer.text
    for token in (learner.token, second):
        assert (
            client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code
            == 401
        )


def test_the_fast_roadmap_json_equals_the_view(client: TestClient) -> None:
    learner = Learner(client)
    learner.get("/api/v1/lessons/" + _first_lesson(client))  # one lesson read
    learner.wait(learner.submit(SLUG, "nothing useful = 1\n"))  # one exercise attempted
    platform = platform_of(client)
    with platform.sessions() as session:
        user = session.scalar(
            select(AuthToken).where(AuthToken.token_hash == digest(learner.token))
        ).user
        fast = json.loads(views.roadmap_json(session, platform.catalog, user))
        slow = views.roadmap_view(session, platform.catalog, user).model_dump(mode="json")
        anonymous = json.loads(views.roadmap_json(session, platform.catalog, None))
        assert anonymous == views.roadmap_view(session, platform.catalog, None).model_dump(
            mode="json"
        )
    assert fast == slow
    states = {e["slug"]: e["state"] for step in fast["steps"] for e in step["exercises"]}
    assert states[SLUG] == "attempted"
    assert any(stop["state"] == "read" for step in fast["steps"] for stop in step["path"])


def test_reads_carry_an_etag_and_answer_304_until_they_change(client: TestClient) -> None:
    learner = Learner(client)
    for path in ("/api/v1/roadmap", f"/api/v1/exercises/{SLUG}"):
        first = learner.get(path)
        assert first.status_code == 200
        etag = first.headers["etag"]
        assert first.headers["cache-control"] == "private, no-cache"
        again = client.get(path, headers={**learner.headers, "If-None-Match": etag})
        assert again.status_code == 304
        assert again.content == b""
    before = learner.get("/api/v1/roadmap").headers["etag"]
    learner.wait(learner.submit(SLUG, "nothing useful = 1\n"))
    changed = client.get("/api/v1/roadmap", headers={**learner.headers, "If-None-Match": before})
    assert changed.status_code == 200  # the exercise is now "attempted": a new body
    assert changed.headers["etag"] != before


def test_cached_reads_follow_every_change_and_stay_per_learner(client: TestClient) -> None:
    """Reads come from the per-learner cache (no grouped query on a repeat), yet each kind of
    change shows at once: a submission, its verdict, a hint, a draft, a lesson read."""
    learner, other = Learner(client), Learner(client)
    roadmap, exercise = "/api/v1/roadmap", f"/api/v1/exercises/{SLUG}"
    assert learner.get(roadmap).status_code == other.get(roadmap).status_code == 200
    with statements(client) as seen, sessions_opened(client) as opened:
        assert learner.get(roadmap).status_code == 200
    assert not [s for s in seen if "submissions" in s or "lesson_reads" in s], seen
    if platform_of(client).engine.dialect.name in ("sqlite", "postgresql"):
        assert opened == []  # answered on the event loop: the version read is its own connection

    def states(response: Any) -> dict[str, str]:
        steps = response.json()["steps"]
        return {e["slug"]: e["state"] for step in steps for e in step["exercises"]}

    learner.wait(learner.submit(SLUG, "nothing useful = 1\n"))
    assert states(learner.get(roadmap))[SLUG] == "attempted"
    assert states(other.get(roadmap))[SLUG] == "new"  # never someone else's cached body
    before = learner.get(exercise).json()
    assert learner.post(f"/api/v1/exercises/{SLUG}/hints").status_code == 200
    after_hint = learner.get(exercise).json()
    assert len(after_hint["hints"]) == len(before["hints"]) + 1
    saved = client.put(f"{exercise}/draft", json={"code": "x = 2\n"}, headers=learner.headers)
    assert saved.status_code == 200
    assert learner.get(exercise).json()["draft"] == "x = 2\n"
    assert other.get(exercise).json()["draft"] is None
    lesson = _first_lesson(client)
    read_before = [
        stop["state"] for step in learner.get(roadmap).json()["steps"] for stop in step["path"]
    ]
    learner.get(f"/api/v1/lessons/{lesson}")
    read_after = [
        stop["state"] for step in learner.get(roadmap).json()["steps"] for stop in step["path"]
    ]
    assert read_after.count("read") == read_before.count("read") + 1


def test_a_cached_read_ends_with_logout_and_expiry_at_once(client: TestClient) -> None:
    learner = Learner(client)
    for _ in range(2):  # the second is answered from the caches
        assert learner.get("/api/v1/roadmap").status_code == 200
    assert learner.post("/api/v1/auth/logout").status_code == 204
    assert learner.get("/api/v1/roadmap").status_code == 401
    other = Learner(client)
    for _ in range(2):
        assert other.get(f"/api/v1/exercises/{SLUG}").status_code == 200
    with transaction(platform_of(client).sessions) as session:
        expire_token(session, other.token)
    assert other.get(f"/api/v1/exercises/{SLUG}").status_code == 401


def test_cached_reads_are_gzipped_for_clients_that_accept_it(client: TestClient) -> None:
    learner = Learner(client)
    plain = client.get(
        "/api/v1/roadmap", headers={**learner.headers, "Accept-Encoding": "identity"}
    )
    zipped = client.get("/api/v1/roadmap", headers={**learner.headers, "Accept-Encoding": "gzip"})
    assert "content-encoding" not in plain.headers
    assert zipped.headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["vary"]
    assert zipped.json() == plain.json()  # httpx decodes it
    assert zipped.headers["etag"] == plain.headers["etag"]


def test_a_deleted_account_cannot_read_from_the_cache(client: TestClient) -> None:
    learner = Learner(client)
    assert learner.get("/api/v1/roadmap").status_code == 200
    with platform_of(client).sessions() as session:
        session.execute(User.__table__.delete().where(User.email == learner.email))
        session.commit()
    assert learner.get("/api/v1/roadmap").status_code == 401


def _first_lesson(client: TestClient) -> str:
    slug: str = client.get("/api/v1/roadmap").json()["steps"][0]["lessons"][0]["slug"]
    return slug


def read_events(
    client: TestClient,
    learner: Learner,
    submission_id: int,
    status_at_first_test: list[str] | None = None,
) -> list[tuple[str, Any]]:
    """The whole event stream of a submission (it ends after the verdict); the submission's
    status when the first test event arrived goes to ``status_at_first_test``."""
    found: list[tuple[str, Any]] = []
    url = f"/api/v1/submissions/{submission_id}/events"
    with client.stream("GET", url, headers=learner.headers, timeout=120) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        name = ""
        for line in response.iter_lines():
            if line.startswith("event: "):
                name = line.removeprefix("event: ")
            elif line.startswith("data: "):
                found.append((name, json.loads(line.removeprefix("data: "))))
                if name == "test" and status_at_first_test == []:
                    poll = learner.get(f"/api/v1/submissions/{submission_id}").json()
                    status_at_first_test.append(poll["status"])
    return found


def test_events_push_each_test_as_it_finishes_then_the_verdict(client: TestClient) -> None:
    """A slow solution: tests arrive one by one while it runs; the verdict comes last."""
    learner = Learner(client)
    slow = EXERCISE.solution + (
        "\nimport time as _time\n_original = parse_request_line\n"
        "def parse_request_line(line):\n    _time.sleep(0.15)\n    return _original(line)\n"
    )
    submission_id = learner.submit(EXERCISE.slug, slow)
    status_at_first_test: list[str] = []
    events = read_events(client, learner, submission_id, status_at_first_test)
    names = [name for name, _ in events]
    assert names[-1] == "verdict" and names.count("verdict") == 1
    verdict = events[-1][1]
    assert verdict["verdict"] == "passed"
    assert verdict == learner.get(f"/api/v1/submissions/{submission_id}").json()
    tests = [data for name, data in events if name == "test"]
    assert sorted(t["name"] for t in tests) == sorted(t["name"] for t in verdict["tests"])
    assert all(t["status"] == "passed" for t in tests)
    assert "running" in [data["status"] for name, data in events if name == "status"]
    assert status_at_first_test == ["running"]  # pushed while the run went on


def test_a_busy_database_delays_the_verdict_event_but_never_breaks_the_stream(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every pooled connection taken (seen in a burst: QueuePool timeout) while the stream
    reads the verdict: the response has started, so the stream waits and reads again."""
    learner = Learner(client)
    submission_id = learner.submit(EXERCISE.slug, "def parse_request_line(line):\n    return 1\n")
    learner.wait(submission_id)
    real_look, real_verdict, failures = events_api._look_in, events_api._verdict, [2]

    def running_when_the_stream_opens(session: Session, *args: Any) -> Any:
        if events_api._look_in is real_look:  # the later looks: as they are
            return real_look(session, *args)
        monkeypatch.setattr(events_api, "_look_in", real_look)
        row = events_api._read(session, submission_id)
        assert row is not None
        return {**row, "status": "running", "stamp": ("running", None)}, None

    def busy_twice(*args: Any) -> dict[str, Any]:
        if failures[0]:
            failures[0] -= 1
            raise SQLAlchemyTimeoutError("QueuePool limit of size 20 overflow 0 reached")
        return real_verdict(*args)

    monkeypatch.setattr(events_api, "_look_in", running_when_the_stream_opens)
    monkeypatch.setattr(events_api, "_verdict", busy_twice)
    monkeypatch.setattr(events_api, "BUSY_RETRY_S", 0.01)
    found = read_events(client, learner, submission_id)
    assert failures == [0]
    names = [name for name, _ in found]
    assert names[0] == "status" and names[-1] == "verdict" and names.count("verdict") == 1
    assert found[-1][1] == learner.get(f"/api/v1/submissions/{submission_id}").json()
    tests = [data["name"] for name, data in found if name == "test"]
    assert len(tests) == len(set(tests))  # each test sent once, however many reads


def test_a_busy_database_when_the_stream_opens_is_a_503_with_retry_after(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first read happens before the response starts: a busy pool is then a 503 the
    client can retry (EventSource reconnects; the page falls back to polling)."""
    learner = Learner(client)
    submission_id = learner.submit(EXERCISE.slug, "def parse_request_line(line):\n    return 1\n")
    learner.wait(submission_id)

    def busy(*args: Any) -> dict[str, Any]:
        raise SQLAlchemyTimeoutError("QueuePool limit of size 20 overflow 0 reached")

    monkeypatch.setattr(events_api, "_verdict", busy)
    response = learner.get(f"/api/v1/submissions/{submission_id}/events")
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) >= 1


def test_signing_in_gives_its_connection_back_before_the_route_runs(client: TestClient) -> None:
    """The sign-in (a sync dependency) and the route run in separate threadpool hops; a
    connection kept through the wait for the second emptied the pool in a burst."""
    learner = Learner(client)
    platform = client.app.state.platform  # type: ignore[attr-defined]
    token_cache.CACHE.clear()  # so the sign-in queries
    request = Request(
        {
            "type": "http",
            "method": "GET",
            "path": "/api/v1/roadmap",
            "query_string": b"",
            "headers": [(b"authorization", f"Bearer {learner.token}".encode())],
        }
    )
    with platform.sessions() as session:
        user = deps.signed_in_user(request, session, platform)
        assert not session.in_transaction()  # the connection is back in the pool
        assert user.id and user.email  # and the user stays loaded for the route


def test_closing_a_session_does_not_wait_behind_the_routes_threadpool(
    client: TestClient,
) -> None:
    """A request's session still in a transaction is closed (its connection given back) on
    a thread of its own: with every route thread busy, the close still happens at once."""
    platform = platform_of(client)

    async def main() -> None:
        anyio.to_thread.current_default_thread_limiter().total_tokens = 1
        release = threading.Event()
        busy = asyncio.ensure_future(anyio.to_thread.run_sync(release.wait))  # the one thread
        try:
            await asyncio.sleep(0.05)
            dependency = deps.get_session(platform)
            session = await dependency.__anext__()
            session.execute(select(func.count()).select_from(User))
            assert session.in_transaction()
            with anyio.fail_after(5):
                with pytest.raises(StopAsyncIteration):  # the request is over: teardown
                    await dependency.__anext__()
            assert not session.in_transaction()
            assert not busy.done()  # the route thread was busy all along
        finally:
            release.set()
            await busy

    on_a_thread_of_its_own(lambda: asyncio.run(main()))


def test_events_of_a_finished_submission_and_of_someone_else(client: TestClient) -> None:
    learner, other = Learner(client), Learner(client)
    submission_id = learner.submit(EXERCISE.slug, "def parse_request_line(line):\n    return 1\n")
    learner.wait(submission_id)
    events = read_events(client, learner, submission_id)
    assert [name for name, _ in events][-1] == "verdict"
    assert events[-1][1]["verdict"] == "failed"
    assert {name for name, _ in events} == {"test", "verdict"}
    hidden = [data for name, data in events if name == "test" and data["hidden"]]
    assert all(data["shows"] == "" and data["stdout"] == "" for data in hidden)
    refused = other.get(f"/api/v1/submissions/{submission_id}/events")
    assert refused.status_code == 404
    assert client.get(f"/api/v1/submissions/{submission_id}/events").status_code == 401


def test_the_event_stream_is_in_the_openapi_document(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"][
        "/api/v1/submissions/{submission_id}/events"
    ]["get"]
    assert "text/event-stream" in operation["responses"]["200"]["content"]
    assert "verdict" in operation["responses"]["200"]["description"]


def test_a_submission_poll_answers_304_while_unchanged(client: TestClient) -> None:
    learner = Learner(client)
    submission_id = learner.submit(EXERCISE.slug, EXERCISE.solution)
    learner.wait(submission_id)
    url = f"/api/v1/submissions/{submission_id}"
    etag = learner.get(url).headers["etag"]
    again = client.get(url, headers={**learner.headers, "If-None-Match": etag})
    assert again.status_code == 304
    stale = client.get(url, headers={**learner.headers, "If-None-Match": 'W/"0000"'})
    assert stale.status_code == 200 and stale.json()["verdict"] == "passed"


def test_a_full_queue_answers_429_and_stores_nothing(
    tmp_path: Path, database_url: str, sandbox: Sandbox
) -> None:
    # No grading in this server: what is submitted stays queued.
    settings = make_settings(tmp_path, database_url, queue_limit=2, embedded_worker=False)
    with TestClient(create_app(settings, sandbox=sandbox)) as client:
        learner = Learner(client)
        gate = platform_of(client).queue_gate
        gate.limit = gate.depth() + 2  # a shared test database may hold others' queued rows
        time.sleep(0.6)
        for _ in range(2):
            learner.submit(EXERCISE.slug, EXERCISE.solution)
        time.sleep(0.6)  # the gate reuses its count for half a second
        refused = learner.post(
            f"/api/v1/exercises/{EXERCISE.slug}/submissions", json={"code": EXERCISE.solution}
        )
        assert refused.status_code == 429
        assert refused.headers["content-type"] == "application/problem+json"
        assert int(refused.headers["retry-after"]) >= 5
        assert "NOT saved" in refused.json()["detail"]
        mine = learner.get("/api/v1/submissions").json()
        assert len(mine) == 2
        user_id = learner.get("/api/v1/me").json()["id"]
        with platform_of(client).sessions() as session:
            stored = select(func.count(Submission.id)).where(Submission.user_id == user_id)
            assert session.scalar(stored) == 2


def test_the_started_server_freezes_its_long_lived_heap(
    tmp_path: Path, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What start-up built (catalog, routes, mappers) is moved out of the collector's way
    and young collections are spaced out (pyroad.heap), once per process."""
    import gc

    from pyroad import heap

    before = gc.get_threshold()
    monkeypatch.setattr(heap, "_settled", False)  # as in a new process
    gc.set_threshold(700, *before[1:])
    frozen = gc.get_freeze_count()
    try:
        with TestClient(create_app(make_settings(tmp_path), sandbox=sandbox)):
            assert gc.get_freeze_count() > frozen
            assert gc.get_threshold()[0] == heap.YOUNG_THRESHOLD
            grown = gc.get_freeze_count()
        with TestClient(create_app(make_settings(tmp_path / "again"), sandbox=sandbox)):
            assert gc.get_freeze_count() <= grown  # a second start in the process freezes no more
    finally:
        gc.set_threshold(*before)
