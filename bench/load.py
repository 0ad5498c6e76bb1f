"""A class at once: simulated learners against a real pyroad on loopback, bounded in time.

Starts what it measures, per shape:
- ``embedded``: `pyroad serve` as the README starts it (SQLite, in-process broker and
  grading workers), fresh data directory;
- ``production``: a fresh PostgreSQL database on 127.0.0.1:5432, a private `redis-server`
  on a free port, `pyroad serve --workers 2` (web only) and one `pyroad worker`.

Each burst (``LEARNERSxSUBMISSIONS``, default 100x10 and 500x2) runs learners concurrently
(asyncio on uvloop with bench/wire.py's lean HTTP/1.1 client): sign up (the real argon2
cost), read the roadmap, open an exercise, then submit one after another a mix of right and
wrong code (solution.py and wrong/*.py of steps 1–3) and wait for each verdict the way the
browser does: server-sent events, falling back to polling with ETag when the stream is
refused. A 429 (queue full or per-learner limit) is retried after its Retry-After and
counted as a retry, not an error; rate limits are raised for the bench (they exist to stop
one human). The learners run at nice +10, the servers at
the bench's own priority, so the Python client is not what limits the burst. Then, once the
machine is idle again (``idle_before_reads``, waited for up to a minute), wrk reads
`/api/v1/roadmap` and `/api/v1/exercises/{slug}` with a learner's token and a bare FastAPI
handler served by as many uvicorn processes with the same options: ``reads_ratio``.
Before the servers start, the sandbox grades the same mix alone with as many threads as
the server's grading workers: ``drain_ratio`` = the burst's gradings/s ÷ that rate.

How the counts are measured, afterwards, from the database and the logs:
- ``lost``: accepted submissions (202) not stored, or not done with a verdict once the
  burst has drained (the bench waits up to ``--drain-timeout`` for them).
- ``graded_twice``: submissions whose grading completed more than once, from the JSON
  logs of the grading processes ("graded" — the verdict recorded — plus "grading outdated"
  — a grading whose result was thrown away because another attempt held the row). The
  ``attempts`` column (claims, including ones cut short) is reported beside it as
  ``reclaimed``.

    .venv/bin/python bench/load.py [--shape embedded|production|both] [--bursts 100x10,500x2]
                                   [--quick] [--reads-seconds 5]

Each burst also reports, from the bell (everyone signed up) to the last verdict, the CPU each
part used per submission (``cpu_ms_per_submission``: web, grading (the embedded grading
process), worker, database, broker, sandbox, client, and the whole ``machine``;
bench/cpu.py) and ``busy_cores``: a drain that leaves cores idle is held back by one process
(its GIL), one that keeps them busy by the CPU the parts need together.

Prints progress, then one JSON line last: the worst figures over every run at the top level
(``errors``, ``lost``, ``graded_twice``, ``drain_ratio``, ``reads_ratio``, ``p50_ms``, ``p95_ms``,
``signup_p95_ms``) and each run in ``runs``. Needs Debian's wrk and redis-server (production).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import OperationalError

from pyroad.config import PROJECT_ROOT
from pyroad.curriculum.loader import load_catalog

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import cpu, wire  # noqa: E402  # after the path fix-up
from bench.reads import free_port, wait_for, wrk  # noqa: E402

PYTHON = sys.executable
PYROAD = str(Path(PYTHON).parent / "pyroad")
POSTGRES_URL = os.environ.get(
    "PYROAD_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
STEPS = ("01-basics", "02-loops-functions", "03-data-structures")
GRADING_WORKERS = 2  # the default PYROAD_WORKERS, in both shapes

BARE_APP = """
from fastapi import FastAPI

app = FastAPI()

@app.get("/bare")
def bare() -> dict[str, str]:
    return {"status": "ok"}
"""

# The bare handler served as pyroad is (``pyroad serve``): same uvicorn options, and with
# several processes the same process model (``pyroad.web.processes``: a socket each).
BARE_SERVER = """
import uvicorn
from pyroad.cli.server import uvicorn_options
from pyroad.web.processes import Target, serve

if {processes} == 1:
    uvicorn.run("bare:app", host="127.0.0.1", port={port}, **uvicorn_options())
else:
    target = Target("bare:app", "127.0.0.1", {port}, factory=False, options=uvicorn_options())
    raise SystemExit(serve(target, {processes}))
"""


@dataclass(frozen=True)
class Attempt:
    slug: str
    code: str
    right: bool


def mix() -> list[Attempt]:
    """Right and wrong code of every Python exercise in the first steps, alternating."""
    found: list[Attempt] = []
    for step in STEPS:
        for folder in sorted((PROJECT_ROOT / "curriculum" / step / "exercises").iterdir()):
            solution = folder / "solution.py"
            wrong = sorted((folder / "wrong").glob("*.py"))
            if not solution.is_file() or not wrong:
                continue
            found.append(Attempt(folder.name, solution.read_text(), True))
            found.append(Attempt(folder.name, wrong[0].read_text(), False))
    return found


def sandbox_rate(attempts: list[Attempt], seconds: float) -> float:
    """Gradings per second of the sandbox alone on the same mix, GRADING_WORKERS threads."""
    from pyroad.grading.forkserver import ForkServerSandbox
    from pyroad.grading.grader import Grader

    catalog, _ = load_catalog(PROJECT_ROOT / "curriculum")
    sandbox = ForkServerSandbox(slots=GRADING_WORKERS)
    grader = Grader(sandbox)
    try:
        jobs = []
        for attempt in attempts:
            exercise = catalog.exercise(attempt.slug)
            assert exercise is not None, attempt.slug
            jobs.append((exercise, attempt.code))
        for exercise, code in jobs:  # warm up: reference expectations, imports
            grader.grade(exercise, code)
        done = [0] * GRADING_WORKERS
        stop = time.perf_counter() + seconds

        def work(index: int) -> None:
            position = index
            while time.perf_counter() < stop:
                exercise, code = jobs[position % len(jobs)]
                grader.grade(exercise, code)
                done[index] += 1
                position += GRADING_WORKERS

        started = time.perf_counter()
        threads = [threading.Thread(target=work, args=(i,)) for i in range(GRADING_WORKERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return sum(done) / (time.perf_counter() - started)
    finally:
        sandbox.close()


@contextmanager
def started(command: list[str], env: dict[str, str], log: Path, cwd: Path = ROOT) -> Iterator[None]:
    with log.open("ab") as out:
        process = subprocess.Popen(
            command, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def redis_up(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@contextmanager
def fresh_postgres() -> Iterator[str]:
    name = f"pyroad_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def up(url: str, log: Path) -> None:
    try:
        wait_for(f"{url}/healthz", 180)
    except SystemExit as error:
        raise SystemExit(f"{error}\n{log.read_text(errors='replace')[-3000:]}") from None


@dataclass
class Shape:
    """A running pyroad: where to reach it, its database, the logs that hold gradings."""

    name: str
    url: str
    database_url: str
    web_processes: int
    grading_logs: list[Path]


@contextmanager
def start_shape(name: str, tmp: Path) -> Iterator[Shape]:
    env = {
        **os.environ,
        "PYROAD_DATA_DIR": str(tmp / "data"),
        "PYROAD_LOG_FORMAT": "json",
        "PYROAD_SUBMISSIONS_PER_MINUTE": "1000000",  # one human's limit; the bench is a class
        "PYROAD_ENVIRONMENT": "development",
    }
    for key in ("PYROAD_DATABASE_URL", "PYROAD_BROKER", "PYROAD_BROKER_URL", "PYROAD_WORKERS"):
        env.pop(key, None)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    serve = [PYROAD, "serve", "--host", "127.0.0.1", "--port", str(port)]
    with ExitStack() as stack:
        if name == "embedded":
            database_url = f"sqlite:///{tmp / 'data' / 'pyroad.sqlite3'}"
            stack.enter_context(started(serve, env, tmp / "serve.log"))
            up(url, tmp / "serve.log")
            yield Shape(name, url, database_url, 1, [tmp / "serve.log"])
            return
        redis_binary = shutil.which("redis-server")
        if redis_binary is None:
            raise SystemExit("the production shape needs redis-server (apt-get install redis)")
        redis_port = free_port()
        stack.enter_context(
            started(
                [redis_binary, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", ""],
                env,
                tmp / "redis.log",
                cwd=tmp,
            )
        )
        database_url = stack.enter_context(fresh_postgres())
        deadline = time.monotonic() + 10
        while not redis_up(redis_port):
            if time.monotonic() > deadline:
                raise SystemExit("private redis-server did not start")
            time.sleep(0.05)
        env |= {
            "PYROAD_DATABASE_URL": database_url,
            "PYROAD_BROKER": "redis",
            "PYROAD_BROKER_URL": f"redis://127.0.0.1:{redis_port}/0",
            "PYROAD_EMBEDDED_WORKER": "false",
        }
        stack.enter_context(started([*serve, "--workers", "2"], env, tmp / "serve.log"))
        up(url, tmp / "serve.log")  # migrations done before the worker starts
        stack.enter_context(started([PYROAD, "worker"], env, tmp / "worker.log"))
        deadline = time.monotonic() + 120
        while "thread(s) on the redis broker" not in (tmp / "worker.log").read_text():
            if time.monotonic() > deadline:
                raise SystemExit(
                    "pyroad worker did not start:\n" + (tmp / "worker.log").read_text()
                )
            time.sleep(0.2)
        yield Shape(name, url, database_url, 2, [tmp / "worker.log"])


@dataclass
class Tally:
    errors: Counter[str] = field(default_factory=Counter)
    retries_429: int = 0
    sse_fallbacks: int = 0
    signups_ms: list[float] = field(default_factory=list)
    verdict_ms: list[float] = field(default_factory=list)
    accepted: list[int] = field(default_factory=list)
    wrong_verdicts: int = 0


async def request(
    client: wire.Client,
    tally: Tally,
    method: str,
    url: str,
    *,
    json_body: Any = None,
    headers: dict[str, str] | None = None,
) -> wire.Reply | None:
    """One call as the browser makes it: 429 waits Retry-After and retries (not an error);
    anything else not 2xx/304 is an error (retried a few times, like exercise.js does)."""
    for _ in range(20):
        try:
            reply = await client.request(method, url, json_body=json_body, headers=headers)
        except wire.WireError as error:
            tally.errors[f"{error} {method} {url.split('/')[3]}"] += 1
            await asyncio.sleep(1)
            continue
        if reply.status == 429:
            tally.retries_429 += 1
            await asyncio.sleep(float(reply.headers.get("retry-after", "1")))
            continue
        if reply.status >= 400:
            tally.errors[f"HTTP {reply.status} {method} {url.split('/')[3]}"] += 1
            await asyncio.sleep(1)
            continue
        return reply
    return None


async def wait_verdict(client: wire.Client, tally: Tally, submission_id: int) -> str:
    """Server-sent events first; polling with If-None-Match when the stream is refused."""
    try:
        stream = client.events(f"/api/v1/submissions/{submission_id}/events")
        async with contextlib.aclosing(stream):  # closed at once when left early
            event = ""
            async for status, line in stream:
                if status != 200:
                    break
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: ") and event == "verdict":
                    return str(json.loads(line[6:]).get("verdict"))
    except wire.WireError:
        pass
    tally.sse_fallbacks += 1
    etag = ""
    while True:
        headers = {"If-None-Match": etag} if etag else {}
        polled = await request(
            client, tally, "GET", f"/api/v1/submissions/{submission_id}", headers=headers
        )
        if polled is None:
            return "error"
        if polled.status == 200:
            etag = polled.headers.get("etag", "")
            body = polled.json()
            if body["status"] == "done":
                return str(body["verdict"])
        await asyncio.sleep(0.5)


class Bell:
    """The class starts submitting together once everyone has signed up (as at 9:00), so
    the drain is measured on a real backlog, not on sign-ups trickling in."""

    def __init__(self, learners: int) -> None:
        self.waiting = learners
        self.rung = asyncio.Event()
        self.at: tuple[float, cpu.Snapshot] | None = None  # when it rang, and the CPU used so far

    async def signed_up(self) -> None:
        self.waiting -= 1
        if self.waiting <= 0 and not self.rung.is_set():
            self.at = (time.perf_counter(), cpu.snapshot())
            self.rung.set()
        await self.rung.wait()


async def learner(
    base: str,
    tally: Tally,
    attempts: list[Attempt],
    submissions: int,
    gate: asyncio.Semaphore,
    bell: Bell,
) -> None:
    client = wire.Client(base, timeout=120)
    try:
        try:
            signed = await sign_up(client, tally, gate)
        finally:
            await bell.signed_up()
        if not signed:
            return
        picks = random.sample(attempts, min(submissions, len(attempts)))
        for attempt in picks:
            async with gate:
                await request(client, tally, "GET", f"/api/v1/exercises/{attempt.slug}")
                started = time.perf_counter()
                reply = await request(
                    client,
                    tally,
                    "POST",
                    f"/api/v1/exercises/{attempt.slug}/submissions",
                    json_body={"code": attempt.code},
                )
            if reply is None:
                continue
            submission_id = int(reply.json()["id"])
            tally.accepted.append(submission_id)
            verdict = await wait_verdict(client, tally, submission_id)
            tally.verdict_ms.append((time.perf_counter() - started) * 1000)
            if (verdict == "passed") != attempt.right:
                tally.wrong_verdicts += 1
    finally:
        await client.close()


async def sign_up(client: wire.Client, tally: Tally, gate: asyncio.Semaphore) -> bool:
    """Sign up (timed) and read the roadmap; False when the sign-up never succeeded."""
    async with gate:  # sign-ups and reads are bounded; waiting for verdicts is not
        started = time.perf_counter()
        reply = await request(
            client,
            tally,
            "POST",
            "/api/v1/accounts",
            json_body={
                "email": f"l-{uuid.uuid4().hex[:12]}@example.org",
                "password": "bench-password",
            },
        )
        tally.signups_ms.append((time.perf_counter() - started) * 1000)
        if reply is None:
            return False
        client.headers["Authorization"] = f"Bearer {reply.json()['access_token']}"
        await request(client, tally, "GET", "/api/v1/roadmap")
    return True


CLIENT_NICENESS = 10


@contextmanager
def client_niceness() -> Iterator[None]:
    """Run the simulated learners at a lower CPU priority than the servers (started before,
    at the bench's own priority), so the Python client is not what limits the burst. The
    servers, the sandbox baseline and wrk keep normal priority; the bench's priority is
    restored after the burst (as root; otherwise it stays lowered, which only slows it).

    With the kernel's autogroup scheduling (Debian's default) a thread's nice value only
    counts inside its session's group, and every group gets an equal share: the servers run
    in sessions of their own, so the client's group is niced as well (``/proc/self/autogroup``),
    or the client takes as much CPU as the server it measures (seen: 0.64 cores).
    """
    before = os.getpriority(os.PRIO_PROCESS, 0)
    os.setpriority(os.PRIO_PROCESS, 0, before + CLIENT_NICENESS)
    group = _autogroup_nice()
    if group is not None:
        _set_autogroup_nice(group + CLIENT_NICENESS)
    try:
        yield
    finally:
        with contextlib.suppress(PermissionError):
            os.setpriority(os.PRIO_PROCESS, 0, before)
        if group is not None:
            _set_autogroup_nice(group)


AUTOGROUP = Path("/proc/self/autogroup")


def _autogroup_nice() -> int | None:
    """This session's autogroup nice value; None without autogroup scheduling."""
    try:
        return int(AUTOGROUP.read_text().split("nice")[1])
    except (OSError, IndexError, ValueError):
        return None


def _set_autogroup_nice(value: int) -> None:
    with contextlib.suppress(OSError):  # lowering it back needs root: then it stays lowered
        AUTOGROUP.write_text(str(min(19, max(-20, value))))


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def moment(value: datetime | str) -> datetime:
    """A timestamp column read with plain SQL (SQLite gives text, PostgreSQL datetimes)."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def completed_gradings(logs: list[Path]) -> Counter[int]:
    found: Counter[int] = Counter()
    for log in logs:
        for line in log.read_text(errors="replace").splitlines():
            if not line.startswith("{"):
                continue
            record = json.loads(line)
            if record.get("event") in ("graded", "grading outdated") and "submission_id" in record:
                found[int(record["submission_id"])] += 1
    return found


def burst(
    shape: Shape, learners: int, submissions: int, sandbox: float, args: argparse.Namespace
) -> dict[str, Any]:
    attempts = mix()
    tally = Tally()

    bell = Bell(learners)

    async def run() -> None:
        gate = asyncio.Semaphore(args.concurrency)
        await asyncio.gather(
            *(learner(shape.url, tally, attempts, submissions, gate, bell) for _ in range(learners))
        )

    rusage = resource.getrusage(resource.RUSAGE_SELF)
    wall = time.perf_counter()
    with client_niceness():  # the simulated class yields the CPU to what it measures
        wire.run(run)
    ended = (time.perf_counter(), cpu.snapshot())
    wall = time.perf_counter() - wall
    used = resource.getrusage(resource.RUSAGE_SELF)
    client_cpu = (used.ru_utime + used.ru_stime - rusage.ru_utime - rusage.ru_stime) / wall

    engine = create_engine(shape.database_url)
    deadline = time.monotonic() + args.drain_timeout
    ids = set(tally.accepted)
    while True:
        try:
            connection = engine.connect()
        except OperationalError as error:  # e.g. PostgreSQL's max_connections reached
            print(f"bench: cannot count yet ({str(error).splitlines()[0]})", flush=True)
            if time.monotonic() > deadline:
                raise
            time.sleep(2)
            continue
        with connection:
            rows = {
                int(r[0]): (str(r[1]), r[2], int(r[3]), r[4], r[5])
                for r in connection.execute(
                    text(
                        "SELECT id, status, verdict, attempts, created_at, finished_at"
                        " FROM submissions"
                    )
                )
                if int(r[0]) in ids
            }
        if all(row[0] == "done" for row in rows.values()) or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    engine.dispose()
    lost = len(ids - set(rows)) + sum(
        1 for row in rows.values() if row[0] != "done" or row[1] is None
    )
    gradings = completed_gradings(shape.grading_logs)
    graded_twice = sum(1 for i in ids if gradings[i] > 1)
    finished = [moment(row[4]) for row in rows.values() if row[4] is not None]
    created = [moment(row[3]) for row in rows.values()]
    span = (max(finished) - min(created)).total_seconds() if finished else 0.0
    rate = len(finished) / span if span > 0 else 0.0
    return {
        "shape": shape.name,
        "learners": learners,
        "submissions_each": submissions,
        "accepted": len(ids),
        "errors": sum(tally.errors.values()),
        "error_kinds": dict(tally.errors),
        "retries_429": tally.retries_429,
        "sse_fallbacks": tally.sse_fallbacks,
        "unexpected_verdicts": tally.wrong_verdicts,
        "lost": lost,
        "graded_twice": graded_twice,
        "reclaimed": sum(1 for row in rows.values() if row[2] > 1),
        "gradings_per_s": round(rate, 1),
        "sandbox_per_s": round(sandbox, 1),
        "drain_ratio": round(rate / sandbox, 3) if sandbox else 0.0,
        "p50_ms": round(percentile(tally.verdict_ms, 0.5)),
        "p95_ms": round(percentile(tally.verdict_ms, 0.95)),
        "p95_target_ms": round((len(ids) / sandbox + 2) * 1000) if sandbox else None,
        "signup_p50_ms": round(percentile(tally.signups_ms, 0.5)),
        "signup_p95_ms": round(percentile(tally.signups_ms, 0.95)),
        "wall_s": round(wall, 1),
        "client_cpu": round(client_cpu, 2),  # cores the load client used during the burst
        **_cpu_after_the_bell(bell, ended, len(ids), shape.name),
    }


def _cpu_after_the_bell(
    bell: Bell, ended: tuple[float, cpu.Snapshot], submissions: int, shape: str
) -> dict[str, Any]:
    """From the bell (everyone signed up) to the last verdict: the CPU each part of the
    platform used per submission and how many cores the machine had busy."""
    if bell.at is None:
        return {}
    (start, before), (end, after) = bell.at, ended
    return {
        "cpu_ms_per_submission": cpu.per_submission(
            before, after, submissions, spawned="grading" if shape == "embedded" else "web"
        ),
        "busy_cores": round((after.busy - before.busy) / max(end - start, 1e-9), 2),
        "cores": len(os.sched_getaffinity(0)),
    }


def cpu_idle(seconds: float = 1.0) -> float:
    """The machine's idle CPU fraction over the next ``seconds`` (from /proc/stat)."""

    def sample() -> tuple[int, int]:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return fields[3] + fields[4], sum(fields)  # idle + iowait, all

    idle, total = sample()
    time.sleep(seconds)
    idle_after, total_after = sample()
    return (idle_after - idle) / max(1, total_after - total)


QUIET_IDLE = 0.85  # reads are measured once the machine is this idle (after a burst's tail)
QUIET_WAIT_S = 60


def quiet_machine() -> float:
    """Wait (at most QUIET_WAIT_S) until the CPU is QUIET_IDLE idle: a burst leaves work behind
    (the last verdicts, 500 connections closing, PostgreSQL's autovacuum) and reads measured
    during it moved reads_ratio 3x between runs. Returns the idle fraction reached."""
    deadline = time.monotonic() + QUIET_WAIT_S
    idle = cpu_idle()
    while idle < QUIET_IDLE and time.monotonic() < deadline:
        idle = cpu_idle()
    return idle


def reads(shape: Shape, tmp: Path, seconds: int, connections: int) -> dict[str, Any]:
    """wrk on two authenticated reads and on a bare handler with as many processes."""
    (tmp / "bare.py").write_text(BARE_APP)
    port = free_port()
    bare = [PYTHON, "-c", BARE_SERVER.format(port=port, processes=shape.web_processes)]
    token = ""
    with httpx.Client(base_url=shape.url, timeout=60) as client:
        reply = client.post(
            "/api/v1/accounts",
            json={
                "email": f"reader-{uuid.uuid4().hex[:8]}@example.org",
                "password": "bench-password",
            },
        )
        reply.raise_for_status()
        token = reply.json()["access_token"]
    slug = mix()[0].slug
    urls = {
        "roadmap": f"{shape.url}/api/v1/roadmap",
        "exercise": f"{shape.url}/api/v1/exercises/{slug}",
    }
    with started(bare, {**os.environ, "PYTHONPATH": str(tmp)}, tmp / "bare.log", cwd=tmp):
        wait_for(f"http://127.0.0.1:{port}/bare")
        for url in urls.values():
            wrk(url, 1, 4, token)  # warm up
        idle = quiet_machine()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        figures = {"bare": wrk(f"http://127.0.0.1:{port}/bare", seconds, connections)}
        for name, url in urls.items():
            figures[name] = wrk(url, seconds, connections, token)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    wrk_cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) / (3 * seconds)
    return {
        **{f"{k}_per_s": round(v) for k, v in figures.items()},
        "reads_ratio": round(min(figures["roadmap"], figures["exercise"]) / figures["bare"], 3),
        "wrk_cpu": round(wrk_cpu, 2),
        "idle_before_reads": round(idle, 2),
    }


def stop_cleanly_on_sigterm() -> None:
    """SIGTERM (``timeout``, a CI job stopped) unwinds like Ctrl-C: the servers run in
    sessions of their own and are stopped only by ``started``'s clean-up, which a process
    killed by the default SIGTERM action never runs (they were left running)."""

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)


def main() -> None:
    stop_cleanly_on_sigterm()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", choices=("embedded", "production", "both"), default="both")
    parser.add_argument("--bursts", default="100x10,500x2", help="LEARNERSxSUBMISSIONS,…")
    parser.add_argument("--quick", action="store_true", help="small bursts (20x3,40x1), 2 s reads")
    parser.add_argument("--reads-seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument(
        "--concurrency",
        type=int,
        default=64,
        help="requests in flight (not counting verdict waits)",
    )
    parser.add_argument("--sandbox-seconds", type=float, default=5.0)
    parser.add_argument("--drain-timeout", type=float, default=120.0)
    parser.add_argument("--keep-logs", metavar="DIR", help="copy the servers' logs there")
    args = parser.parse_args()
    if args.quick:
        args.bursts, args.reads_seconds, args.sandbox_seconds = "20x3,40x1", 2, 2.0
    if shutil.which("wrk") is None:
        raise SystemExit("needs wrk: apt-get install wrk")
    bursts = [tuple(int(n) for n in b.split("x")) for b in args.bursts.split(",")]
    shapes = ["embedded", "production"] if args.shape == "both" else [args.shape]
    print(f"load average before: {os.getloadavg()}", flush=True)
    sandbox = sandbox_rate(mix(), args.sandbox_seconds)
    print(
        f"sandbox alone on the mix: {sandbox:.0f} gradings/s ({GRADING_WORKERS} threads)",
        flush=True,
    )
    runs: list[dict[str, Any]] = []
    for name in shapes:
        with tempfile.TemporaryDirectory(prefix=f"pyroad-load-{name}-") as tmp_name:
            tmp = Path(tmp_name)
            with start_shape(name, tmp) as shape:
                for learners, submissions in bursts:
                    result = burst(shape, learners, submissions, sandbox, args)
                    result["load_average"] = round(os.getloadavg()[0], 1)
                    print(json.dumps(result), flush=True)
                    runs.append(result)
                read = reads(shape, tmp, args.reads_seconds, args.connections)
                print(json.dumps({"shape": name, **read}), flush=True)
                for result in runs:
                    if result["shape"] == name:
                        result.update(read)
            if args.keep_logs:  # the servers' JSON logs, to read where a burst's time went
                kept = Path(args.keep_logs) / name
                kept.mkdir(parents=True, exist_ok=True)
                for log in tmp.glob("*.log"):
                    shutil.copy(log, kept / log.name)
    summary = {
        "errors": sum(r["errors"] for r in runs),
        "lost": sum(r["lost"] for r in runs),
        "graded_twice": sum(r["graded_twice"] for r in runs),
        "drain_ratio": min(r["drain_ratio"] for r in runs),
        "reads_ratio": min(r["reads_ratio"] for r in runs),
        "p50_ms": max(r["p50_ms"] for r in runs),
        "p95_ms": max(r["p95_ms"] for r in runs),
        "signup_p95_ms": max(r["signup_p95_ms"] for r in runs),
        "retries_429": sum(r["retries_429"] for r in runs),
        "load_average": round(os.getloadavg()[0], 1),
        "runs": runs,
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
