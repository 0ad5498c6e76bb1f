"""The floor under bench/load.py's drain_ratio: the same burst against the least a web tier
in front of this sandbox can be, on the same machine, in the same run.

The skeleton serves the URLs the simulated learners use (sign-up, roadmap, exercise,
submit, server-sent verdict) with nothing pyroad adds: no accounts (a sign-up returns a
random token, no argon2), no authorisation, no learner model, no recommendations, no
middleware, no ORM (``sqlite3`` directly), no logs but one line per verdict. What it keeps
is what any real platform must do per submission: store it in SQLite (WAL) and commit
before answering, claim it, grade it with pyroad's own ``Grader`` and fork-server sandbox
(2 slots, 2 threads per slot, as ``pyroad serve``), store the verdict, push it over SSE.
Served by uvicorn with pyroad's own options (uvloop, httptools, one process).

It answers one question: can a Python web process on this machine drain a burst at
``drain_ratio`` ≥ 0.75 of the sandbox's own rate at all? Prints, last, one JSON line:
``sandbox_per_s``, the skeleton's ``drain_ratio`` and the pyroad embedded server's
(``bench/load.py``'s burst, same client, same run) and their ratio.

    .venv/bin/python bench/floor.py [--burst 100x10] [--sandbox-seconds 5] [--skip-pyroad]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import queue
import secrets
import sqlite3
import sys
import tempfile
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SLOTS = 2
THREADS = SLOTS * 2  # pyroad.platform.THREADS_PER_SLOT

SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL,
    code TEXT NOT NULL,
    status TEXT NOT NULL,
    verdict TEXT,
    result TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    finished_at TEXT
)
"""


def _connect(path: str) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=30, check_same_thread=False)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    return connection


def _now() -> str:
    return datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")


def skeleton_app(database: str, log_path: str) -> Any:
    """The skeleton: a FastAPI app, SQLite, the real grader, SSE; built in the server process."""
    from pyroad.config import PROJECT_ROOT
    from pyroad.curriculum.loader import load_catalog
    from pyroad.grading.forkserver import ForkServerSandbox
    from pyroad.grading.grader import Grader
    from pyroad.submissions.services import report_to_json

    catalog, _ = load_catalog(PROJECT_ROOT / "curriculum")
    setup = _connect(database)
    setup.execute(SCHEMA)
    setup.commit()
    setup.close()
    local = threading.local()

    def db() -> sqlite3.Connection:
        if not hasattr(local, "connection"):
            local.connection = _connect(database)
        connection: sqlite3.Connection = local.connection
        return connection

    waiting: dict[int, asyncio.Event] = {}
    jobs: queue.Queue[int] = queue.Queue()
    log = Path(log_path).open("a", buffering=1)  # noqa: SIM115  # open for the server's life
    log_lock = threading.Lock()
    sandbox = ForkServerSandbox(slots=SLOTS)
    grader = Grader(sandbox)
    loop: asyncio.AbstractEventLoop | None = None

    def work() -> None:
        connection = db()
        while True:
            submission_id = jobs.get()
            with connection:
                claimed = connection.execute(
                    "UPDATE submissions SET status = 'running', attempts = attempts + 1"
                    " WHERE id = ? AND status = 'queued' RETURNING slug, code",
                    (submission_id,),
                ).fetchone()
            if claimed is None:
                continue
            exercise = catalog.exercise(claimed[0])
            assert exercise is not None
            report = grader.grade(exercise, claimed[1])
            with connection:
                connection.execute(
                    "UPDATE submissions SET status = 'done', verdict = ?, result = ?,"
                    " finished_at = ? WHERE id = ? AND status = 'running'",
                    (
                        report.verdict.value,
                        json.dumps(report_to_json(report)),
                        _now(),
                        submission_id,
                    ),
                )
            with log_lock:
                log.write(json.dumps({"event": "graded", "submission_id": submission_id}) + "\n")
            event = waiting.get(submission_id)
            if event is not None and loop is not None:
                loop.call_soon_threadsafe(event.set)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        nonlocal loop
        loop = asyncio.get_running_loop()
        for _ in range(THREADS):
            threading.Thread(target=work, daemon=True).start()
        yield

    app = FastAPI(lifespan=lifespan)

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/api/v1/accounts")
    async def sign_up() -> JSONResponse:
        return JSONResponse({"access_token": secrets.token_urlsafe(32)}, status_code=201)

    roadmap_body = json.dumps({"steps": [s.slug for s in catalog.steps]}).encode()

    @app.get("/api/v1/roadmap")
    async def roadmap() -> Response:
        return Response(roadmap_body, media_type="application/json")

    @app.get("/api/v1/exercises/{slug}")
    async def exercise(slug: str) -> Response:
        found = catalog.exercise(slug)
        body = {"slug": slug, "title": found.title if found else ""}
        return JSONResponse(body)

    def store(slug: str, code: str) -> int:
        connection = db()
        with connection:
            cursor = connection.execute(
                "INSERT INTO submissions (slug, code, status, created_at) VALUES (?, ?, ?, ?)",
                (slug, code, "queued", _now()),
            )
        return int(cursor.lastrowid or 0)

    @app.post("/api/v1/exercises/{slug}/submissions")
    async def submit(slug: str, request: Request) -> JSONResponse:
        code = (await request.json())["code"]
        submission_id = await run_in_threadpool(store, slug, code)
        waiting[submission_id] = asyncio.Event()
        jobs.put(submission_id)
        return JSONResponse({"id": submission_id, "status": "queued"}, status_code=202)

    def verdict_of(submission_id: int) -> str | None:
        row = (
            db()
            .execute(
                "SELECT verdict FROM submissions WHERE id = ? AND status = 'done'", (submission_id,)
            )
            .fetchone()
        )
        return None if row is None else str(row[0])

    @app.get("/api/v1/submissions/{submission_id}/events")
    async def events(submission_id: int) -> StreamingResponse:
        async def stream() -> AsyncIterator[bytes]:
            event = waiting.get(submission_id)
            while True:
                verdict = await run_in_threadpool(verdict_of, submission_id)
                if verdict is not None:
                    waiting.pop(submission_id, None)
                    yield f"event: verdict\ndata: {json.dumps({'verdict': verdict})}\n\n".encode()
                    return
                if event is None:
                    await asyncio.sleep(0.2)
                else:
                    await event.wait()

        return StreamingResponse(stream(), media_type="text/event-stream")

    return app


def serve(port: int, database: str, log_path: str) -> None:
    import uvicorn

    from pyroad.cli.server import uvicorn_options

    uvicorn.run(skeleton_app(database, log_path), host="127.0.0.1", port=port, **uvicorn_options())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--burst", default="100x10", help="LEARNERSxSUBMISSIONS")
    parser.add_argument("--sandbox-seconds", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--drain-timeout", type=float, default=120.0)
    parser.add_argument("--skip-pyroad", action="store_true", help="the skeleton only")
    parser.add_argument("--serve", nargs=3, metavar=("PORT", "DB", "LOG"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(int(args.serve[0]), args.serve[1], args.serve[2])
        return

    from bench.load import (
        PYTHON,
        Shape,
        burst,
        mix,
        sandbox_rate,
        start_shape,
        started,
        stop_cleanly_on_sigterm,
        up,
    )
    from bench.reads import free_port

    stop_cleanly_on_sigterm()
    learners, submissions = (int(n) for n in args.burst.split("x"))
    print(f"load average before: {os.getloadavg()}", flush=True)
    sandbox = sandbox_rate(mix(), args.sandbox_seconds)
    print(f"sandbox alone on the mix: {sandbox:.0f} gradings/s ({SLOTS} threads)", flush=True)
    runs: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="pyroad-floor-") as tmp_name:
        tmp = Path(tmp_name)
        port = free_port()
        database, log = tmp / "skeleton.sqlite3", tmp / "skeleton.log"
        command = [PYTHON, __file__, "--serve", str(port), str(database), str(log)]
        with started(command, dict(os.environ), log):
            url = f"http://127.0.0.1:{port}"
            up(url, log)
            shape = Shape("skeleton", url, f"sqlite:///{database}", 1, [log])
            runs["skeleton"] = burst(shape, learners, submissions, sandbox, args)
            print(json.dumps(runs["skeleton"]), flush=True)
        if not args.skip_pyroad:
            (tmp / "pyroad").mkdir()
            with start_shape("embedded", tmp / "pyroad") as shape:
                runs["pyroad"] = burst(shape, learners, submissions, sandbox, args)
                print(json.dumps(runs["pyroad"]), flush=True)
    summary: dict[str, Any] = {
        "sandbox_per_s": round(sandbox, 1),
        "burst": args.burst,
        **{f"{name}_drain_ratio": run["drain_ratio"] for name, run in runs.items()},
        **{f"{name}_p95_ms": run["p95_ms"] for name, run in runs.items()},
        "errors": sum(run["errors"] for run in runs.values()),
        "lost": sum(run["lost"] for run in runs.values()),
    }
    if "pyroad" in runs and runs["skeleton"]["drain_ratio"]:
        summary["pyroad_of_floor"] = round(
            runs["pyroad"]["drain_ratio"] / runs["skeleton"]["drain_ratio"], 3
        )
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
