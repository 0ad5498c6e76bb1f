"""Results pushed as server-sent events: per-test results as they arrive, then the verdict.

Works with any number of web processes and any broker: the database row is the source of
truth (the grader writes partial results there), and one watcher per process polls the rows
of every open stream in a single query a few times a second, so a thousand open streams
cost one small query per tick, not a thousand. A stream holds no database connection
between ticks. Polling `GET /submissions/{id}` remains the fallback.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from sqlalchemy import Row, bindparam, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeoutError
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from pyroad.accounts.models import User
from pyroad.curriculum.model import Catalog
from pyroad.db import bound
from pyroad.submissions import services
from pyroad.submissions.models import SUBMISSIONS, Submission, SubmissionStatus
from pyroad.web.api.submissions import submission_view
from pyroad.web.deps import CurrentUser, PlatformDep, RowId, SessionDep
from pyroad.web.errors import problem_responses

log = logging.getLogger("pyroad.web")
router = APIRouter(tags=["submissions"])

TICK_S = 0.25  # how often the watcher looks at the watched rows
HEARTBEAT_S = 15.0  # a comment line keeps proxies from closing a quiet stream
MAX_STREAM_S = 600.0  # then the stream ends; EventSource reconnects, or the page polls
RETRY_MS = 2000  # EventSource's reconnection delay
BUSY_RETRY_S = 0.5  # a stream whose read met a busy database reads again after this

STREAM_DOC = (
    'A `text/event-stream`. Events, in order: `status` (`{"status": "queued"|"running"}`) '
    "when it changes; `test` (one test result, as in the submission's `tests`) for each test "
    "as it finishes; finally `verdict` (the whole submission, as `GET /submissions/{id}` "
    "answers), after which the stream ends. Comment lines (`: ping`) are heartbeats."
)


class Watcher:
    """One poll loop per process for every open stream: wakes a stream when its row changed."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions
        self._waiting: dict[int, set[asyncio.Event]] = {}
        self._seen: dict[int, Stamp] = {}
        self._task: asyncio.Task[None] | None = None
        self._loop_of: asyncio.AbstractEventLoop | None = None
        self._poked = asyncio.Event()
        self._poked_ids: set[int] = set()  # changed here since the last look (loop thread)

    def poke(self, submission_id: int) -> None:
        """From any thread: this process changed a submission; look now, not at the next tick.

        (Grading in this process calls it; changes made by other processes are seen by the
        poll.)"""
        loop = self._loop_of
        if loop is not None and submission_id in self._waiting and not loop.is_closed():
            loop.call_soon_threadsafe(self._on_poke, submission_id)

    def _on_poke(self, submission_id: int) -> None:
        self._poked_ids.add(submission_id)
        self._poked.set()

    def watch(self, submission_id: int, seen: Stamp | None = None) -> asyncio.Event:
        """An event set whenever the row changes. ``seen``: the row's stamp as the stream
        last read it, so the first tick wakes it only if the row changed since (without
        it, every new stream was woken once for nothing)."""
        event = asyncio.Event()
        self._waiting.setdefault(submission_id, set()).add(event)
        if seen is not None:
            self._seen.setdefault(submission_id, seen)
        if self._task is None or self._task.done():
            self._loop_of = asyncio.get_running_loop()
            self._poked = asyncio.Event()  # bound to this loop
            self._task = self._loop_of.create_task(self._loop())
        return event

    def unwatch(self, submission_id: int, event: asyncio.Event) -> None:
        events = self._waiting.get(submission_id, set())
        events.discard(event)
        if not events:
            self._waiting.pop(submission_id, None)
            self._seen.pop(submission_id, None)

    async def _loop(self) -> None:
        """Every TICK_S, read every watched row (other processes' changes); in between, when
        poked, only the poked rows: a grading here costs one row read, not one per stream."""
        last_full = time.monotonic()  # each stream read its own row as it opened
        while self._waiting:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._poked.wait(), TICK_S)
            self._poked.clear()
            now = time.monotonic()
            if now - last_full >= TICK_S:
                last_full = now
                self._poked_ids.clear()
                ids = list(self._waiting)
            else:
                ids = [i for i in self._poked_ids if i in self._waiting]
                self._poked_ids.clear()
                if not ids:
                    continue
            try:
                stamps = await run_in_threadpool(self._stamps, ids)
            except Exception:  # a database hiccup: streams wait for the next tick
                log.exception("event watcher could not read submissions")
                continue
            for submission_id, stamp in stamps.items():
                if self._seen.get(submission_id) != stamp:
                    self._seen[submission_id] = stamp
                    for event in self._waiting.get(submission_id, ()):
                        event.set()

    def _stamps(self, ids: list[int]) -> dict[int, Stamp]:
        with self.sessions() as session:
            rows = session.connection().execute(_STAMPS, {"ids": ids})
            return {row.id: _stamp(row) for row in rows}


Stamp = tuple[str, datetime | None]  # a row's status and updated_at: it changed if they did


def _stamp(row: Row[*tuple[Any, ...]]) -> Stamp:
    return str(row.status), row.updated_at


def watcher_of(request: Request, sessions: sessionmaker[Session]) -> Watcher:
    found: Watcher | None = getattr(request.app.state, "submission_watcher", None)
    if found is None:
        found = request.app.state.submission_watcher = Watcher(sessions)
        request.app.state.platform.change_listeners.append(found.poke)
    return found


def _event(name: str, data: Any) -> bytes:
    return f"event: {name}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n".encode()


@router.get(
    "/submissions/{submission_id}/events",
    response_class=StreamingResponse,
    responses={
        200: {"description": STREAM_DOC, "content": {"text/event-stream": {}}},
        **problem_responses(401, 404),
    },
)
async def submission_events(
    request: Request,
    submission_id: RowId,
    user: CurrentUser,
    session: SessionDep,
    platform: PlatformDep,
) -> StreamingResponse:
    """Server-sent events for one submission: each test as it finishes, then the verdict.

    For browsers (`EventSource` sends the session cookie) and any client that reads
    `text/event-stream`; the stream ends after the `verdict` event.
    """
    # 404 now, before the stream starts; the stream's first read in the same hop.
    first = await run_in_threadpool(_open, session, user, submission_id, platform.catalog)
    stream = _stream(
        request,
        watcher_of(request, platform.sessions),
        platform.sessions,
        user,
        submission_id,
        first,
    )
    return StreamingResponse(
        stream,
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


def _open(session: Session, user: User, submission_id: int, catalog: Catalog) -> Look:
    """The visibility check and the first look; the session is closed after (the stream
    must not hold a pooled connection while it waits)."""
    try:
        services.check_visible(session, user, submission_id)
        return _look_in(session, user, submission_id, catalog)
    finally:
        session.close()


async def _stream(
    request: Request,
    watcher: Watcher,
    sessions: sessionmaker[Session],
    user: User,
    submission_id: int,
    first: Look,
) -> AsyncIterator[bytes]:
    catalog: Catalog = request.app.state.platform.catalog
    looked: Look | None = first
    changed = watcher.watch(submission_id, first[0]["stamp"] if first[0] else None)
    sent_tests: set[str] = set()
    status = ""
    started = time.monotonic()
    out = [f"retry: {RETRY_MS}\n\n".encode()]  # what a look has to say, sent at once
    try:
        while True:
            changed.clear()
            if time.monotonic() - started > MAX_STREAM_S or await request.is_disconnected():
                return
            try:
                if looked is None:
                    looked = await run_in_threadpool(_look, sessions, user, submission_id, catalog)
                (row, verdict), looked = looked, None
            except (SQLAlchemyTimeoutError, OperationalError) as error:
                # Every pooled connection busy, or the database locked: the response has
                # started, so no 503 can be sent; wait and read again (nothing was sent yet
                # for this read, so nothing is sent twice).
                log.warning("event stream of submission %s waits: %s", submission_id, error)
                await asyncio.sleep(BUSY_RETRY_S)
                continue
            if row is None:
                return
            if row["status"] != status and row["status"] != SubmissionStatus.DONE:
                status = row["status"]
                out.append(_event("status", {"status": status}))
            for test in _finished(row, catalog):
                if test["name"] not in sent_tests:
                    sent_tests.add(test["name"])
                    out.append(_event("test", test))
            if verdict is not None:
                out.append(_event("verdict", verdict))
                yield b"".join(out)
                return
            if out:
                yield b"".join(out)
                out = []
            try:
                await asyncio.wait_for(changed.wait(), HEARTBEAT_S)
            except TimeoutError:
                yield b": ping\n\n"
    finally:
        watcher.unwatch(submission_id, changed)


# The row as the stream needs it (None: gone) and, once it is done, the verdict.
Look = tuple[dict[str, Any] | None, dict[str, Any] | None]


def _look(
    sessions: sessionmaker[Session], user: User, submission_id: int, catalog: Catalog
) -> Look:
    """One threadpool hop and one session per look (the verdict was a second of each)."""
    with sessions() as session:
        return _look_in(session, user, submission_id, catalog)


def _look_in(session: Session, user: User, submission_id: int, catalog: Catalog) -> Look:
    row = _read(session, submission_id)
    if row is None or row["status"] != SubmissionStatus.DONE:
        return row, None
    return row, _verdict(session, user, submission_id, catalog)


def _read(session: Session, submission_id: int) -> dict[str, Any] | None:
    row = session.connection().execute(_ROW, {"submission_id": submission_id}).first()
    if row is None:
        return None
    return {
        "status": str(row.status),
        "result": row.result or {},
        "slug": row.exercise_slug,
        "stamp": _stamp(row),
    }


# Built once (see ``pyroad.db.bound``): every open stream reads its row at each change.
_ROW = select(
    SUBMISSIONS.c.status,
    SUBMISSIONS.c.result,
    SUBMISSIONS.c.exercise_slug,
    SUBMISSIONS.c.updated_at,
).where(SUBMISSIONS.c.id == bound(Submission.id, "submission_id"))
_STAMPS = select(SUBMISSIONS.c.id, SUBMISSIONS.c.status, SUBMISSIONS.c.updated_at).where(
    SUBMISSIONS.c.id.in_(bindparam("ids", expanding=True))
)


def _finished(row: dict[str, Any], catalog: Catalog) -> list[dict[str, Any]]:
    """Tests with a result so far, as the learner may see them (hidden tests stay hidden)."""
    tests = row["result"].get("tests") or []
    shown = services.shown_tests(tests, catalog, row["slug"])
    return [test for test in shown if test.get("status") != "pending"]


def _verdict(session: Session, user: User, submission_id: int, catalog: Catalog) -> dict[str, Any]:
    """The whole submission, as ``GET /submissions/{id}`` answers it."""
    found: dict[str, Any] = submission_view(session, user, submission_id, catalog).model_dump(
        mode="json"
    )
    return found
