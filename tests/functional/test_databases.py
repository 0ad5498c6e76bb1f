"""What differs between SQLite, PostgreSQL and MariaDB, tested on the real servers.

The API tests (core loop, path, password reset, bad input) already run on every backend
through conftest's ``database_url``; here: migrations up and down, what MySQL would lose
silently (emoji, 64 KiB of code, microseconds, CHECKs), the atomic claim, and the pool and
connection failures that must be a 503 with Retry-After, never a 500 or a 30 s wait.
Under CI=true a missing PostgreSQL or MariaDB fails these tests instead of skipping them.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, inspect, make_url, text
from sqlalchemy.exc import DBAPIError

from pyroad.accounts.models import AuthToken, TokenKind, User
from pyroad.app import create_app
from pyroad.db import make_engine, make_session_factory, pool_size_for, transaction
from pyroad.grading.sandbox import Sandbox
from pyroad.migrate import alembic_config, upgrade
from pyroad.platform import build_platform
from pyroad.submissions import services
from pyroad.submissions.models import Submission, SubmissionStatus
from pyroad.web.deps import SessionDep
from tests.conftest import MARIADB_URL, POSTGRES_URL, Learner, make_settings

SLUG = "parse-request-line"
EMOJI_CODE = 'def greet():\n    return "héllo 👋🐍 — ok"  # 𝔘𝔫𝔦𝔠𝔬𝔡𝔢\n'
NETWORK_BACKENDS = [
    pytest.param("postgres", marks=pytest.mark.postgres),
    pytest.param("mariadb", marks=pytest.mark.mariadb),
]


def backend_of(url: str) -> str:
    return make_url(url).get_backend_name()


# --- migrations -------------------------------------------------------------------------


@pytest.fixture
def scratch_url(request: pytest.FixtureRequest, database_url: str, tmp_path: Path) -> Iterator[str]:
    """An empty database of the same backend, for tests that migrate down and up."""
    backend = backend_of(database_url)
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'scratch.sqlite3'}"
        return
    server = POSTGRES_URL if backend == "postgresql" else MARIADB_URL
    name = f"pyroad_scratch_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        drop = f"DROP DATABASE IF EXISTS {name}"
        with admin.connect() as connection:
            connection.execute(text(drop + (" WITH (FORCE)" if backend == "postgresql" else "")))
        admin.dispose()


def test_migrations_upgrade_downgrade_and_upgrade_again(scratch_url: str) -> None:
    engine = make_engine(scratch_url)
    try:
        upgrade(engine)
        upgrade(engine)  # a second start-up finds nothing to do
        config = alembic_config(engine.url.render_as_string(hide_password=False))
        command.downgrade(config, "0003")  # 0004 narrows the token kinds' CHECK again
        upgrade(engine)
        command.downgrade(config, "base")
        assert inspect(engine).get_table_names() == ["alembic_version"]
        upgrade(engine)
        tables = set(inspect(engine).get_table_names())
        assert {"users", "auth_tokens", "submissions", "drafts", "hint_uses"} <= tables
        assert "lesson_reads" in tables
        with engine.connect() as connection:
            head = ScriptDirectory.from_config(config).get_current_head()
            assert connection.scalar(text("SELECT version_num FROM alembic_version")) == head
    finally:
        engine.dispose()


def test_processes_starting_together_migrate_once(scratch_url: str) -> None:
    """``pyroad serve --workers N`` on a fresh database: every process migrates at start-up;
    one does it and the others find the schema current (PostgreSQL and MariaDB: an advisory
    lock; SQLite: a lock file beside the database; without it they raced to "table users
    already exists")."""
    engines = [make_engine(scratch_url) for _ in range(4)]
    try:
        with ThreadPoolExecutor(len(engines)) as pool:
            list(pool.map(upgrade, engines))  # raises what any of them raised
        with engines[0].connect() as connection:
            config = alembic_config(scratch_url)
            head = ScriptDirectory.from_config(config).get_current_head()
            assert connection.scalar(text("SELECT version_num FROM alembic_version")) == head
    finally:
        for engine in engines:
            engine.dispose()


def test_a_sqlite_database_in_a_missing_folder_is_sqlites_own_error(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'nowhere' / 'pyroad.sqlite3'}")
    try:
        with pytest.raises(DBAPIError, match="unable to open database file"):
            upgrade(engine)
    finally:
        engine.dispose()


@pytest.mark.mariadb
def test_mariadb_schema_is_utf8mb4_with_microseconds_and_room_for_64_kib(
    mariadb_url: str, tmp_path: Path
) -> None:
    engine = make_engine(mariadb_url)
    try:
        upgrade(engine)
        database = make_url(mariadb_url).database
        with engine.connect() as connection:
            collations: dict[str, str] = dict(
                connection.execute(
                    text(
                        "SELECT table_name, table_collation FROM information_schema.tables "
                        "WHERE table_schema = :db AND table_name != 'alembic_version'"
                    ),
                    {"db": database},
                ).all()
            )
            columns = {
                (row.table_name, row.column_name): row.column_type
                for row in connection.execute(
                    text(
                        "SELECT table_name, column_name, column_type "
                        "FROM information_schema.columns WHERE table_schema = :db"
                    ),
                    {"db": database},
                )
            }
            session = connection.execute(
                text("SELECT @@tx_isolation, @@sql_mode, @@time_zone, @@character_set_client")
            ).one()
        assert session[0] == "READ-COMMITTED"
        assert "STRICT_ALL_TABLES" in session[1].split(",")
        assert tuple(session[2:]) == ("+00:00", "utf8mb4")
        assert set(collations.values()) == {"utf8mb4_bin"}, collations
        assert columns[("submissions", "updated_at")] == "datetime(6)"
        assert columns[("auth_tokens", "expires_at")] == "datetime(6)"
        assert columns[("submissions", "code")] == "mediumtext"
        assert columns[("drafts", "code")] == "mediumtext"
    finally:
        engine.dispose()


def test_the_token_kind_check_is_enforced_after_0004(database_url: str, tmp_path: Path) -> None:
    """0004 widened the CHECK (reset allowed) and did not drop it (junk still refused)."""
    engine = make_engine(database_url)
    try:
        upgrade(engine)
        now = datetime.now(UTC)
        with transaction(make_session_factory(engine)) as session:
            user = User(email=f"check-{uuid.uuid4().hex[:8]}@example.com", display_name="c")
            user.password_hash = "x"
            session.add(user)
            session.flush()
            session.add(
                AuthToken(
                    user_id=user.id,
                    token_hash=uuid.uuid4().hex,
                    kind=TokenKind.RESET,
                    expires_at=now,
                )
            )
            user_id = user.id
        values = {"user": user_id, "hash": uuid.uuid4().hex, "at": now.replace(tzinfo=None)}
        with pytest.raises(DBAPIError), engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO auth_tokens (user_id, token_hash, kind, created_at, expires_at,"
                    " revoked) VALUES (:user, :hash, 'junk', :at, :at, false)"
                ),
                values,
            )
    finally:
        engine.dispose()


# --- what a backend could lose --------------------------------------------------------------


def test_emoji_and_64_kib_of_code_and_microseconds_round_trip(learner: Learner) -> None:
    draft = learner.client.put(
        f"/api/v1/exercises/{SLUG}/draft", json={"code": EMOJI_CODE}, headers=learner.headers
    )
    assert draft.status_code == 200, draft.text
    assert learner.get(f"/api/v1/exercises/{SLUG}").json()["draft"] == EMOJI_CODE
    # The submission limit is 65,536 bytes: more than MySQL's TEXT holds.
    filler = "# 🐍\n" * ((65536 - len(EMOJI_CODE.encode())) // len("# 🐍\n".encode()))
    code = EMOJI_CODE + filler
    assert 65000 < len(code.encode()) <= 65536
    submission = learner.wait(learner.submit(SLUG, code))
    platform = learner.client.app.state.platform  # type: ignore[attr-defined]
    with platform.sessions() as session:
        stored = session.get(Submission, submission["id"])
        assert stored is not None and stored.code == code
        assert stored.finished_at is not None
        stamps = [stored.created_at, stored.updated_at, stored.finished_at]
    assert all(stamp.tzinfo is not None for stamp in stamps)
    # Microseconds survive (a DATETIME without fsp would zero them all).
    assert any(stamp.microsecond for stamp in stamps)
    assert stamps[0] <= stamps[2]


def test_one_claim_wins_among_racing_workers(settings: Any, sandbox: Sandbox) -> None:
    """queued → running is one conditional UPDATE: exactly one of eight workers gets it."""
    engine = make_engine(settings.sqlalchemy_url)
    try:
        upgrade(engine)
        factory = make_session_factory(engine)
        with transaction(factory) as session:
            user = User(email=f"claim-{uuid.uuid4().hex[:8]}@example.com", display_name="c")
            user.password_hash = "x"
            session.add(user)
            session.flush()
            submission = Submission(user_id=user.id, exercise_slug=SLUG, code="pass")
            session.add(submission)
            session.flush()
            submission_id = submission.id
        start = threading.Barrier(8)

        def claim(_: int) -> bool:
            start.wait()
            with transaction(factory) as session:
                return services.claim(session, submission_id) is not None

        with ThreadPoolExecutor(max_workers=8) as pool:
            won = list(pool.map(claim, range(8)))
        assert won.count(True) == 1
        with factory() as session:
            row = session.get(Submission, submission_id)
            assert row is not None
            assert (row.status, row.attempts) == (SubmissionStatus.RUNNING, 1)
    finally:
        engine.dispose()


# --- pools and connections: 503 + Retry-After, then recovery ---------------------------------


def _boom(session: SessionDep) -> None:
    session.execute(text("SELECT no_such_column FROM no_such_table"))


def _app(settings: Any, sandbox: Sandbox) -> FastAPI:
    app = create_app(settings, sandbox=sandbox)
    app.add_api_route("/api/v1/test-only/broken-query", _boom)
    return app


def assert_unavailable(response: Any) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert int(response.headers["retry-after"]) > 0
    assert response.json()["status"] == 503


def test_pools_are_sized_to_the_threadpool_and_workers(
    tmp_path: Path, database_url: str, sandbox: Sandbox
) -> None:
    settings = make_settings(tmp_path, database_url, workers=3, embedded_worker=False)
    with TestClient(create_app(settings, sandbox=sandbox)) as client:
        pool = client.app.state.platform.engine.pool  # type: ignore[attr-defined]
        assert pool.size() == pool_size_for(3) == min(40 + 3 + 10, 20)
        assert pool_size_for(1) * 4 <= 100  # 2 web + 2 workers fit PostgreSQL's default
        assert pool.timeout() == 5.0


def test_an_exhausted_pool_is_a_quick_503_then_recovers(
    tmp_path: Path, database_url: str, sandbox: Sandbox
) -> None:
    settings = make_settings(
        tmp_path, database_url, embedded_worker=False, db_pool_size=1, db_pool_timeout_s=0.3
    )
    with TestClient(_app(settings, sandbox), raise_server_exceptions=False) as client:
        learner = Learner(client)
        assert learner.get("/api/v1/me").status_code == 200
        engine: Engine = client.app.state.platform.engine  # type: ignore[attr-defined]
        login = {"email": learner.email, "password": learner.password}
        assert client.post("/login", data=login).status_code == 200  # a browser session too
        held = engine.connect()  # the pool's only connection
        try:
            started = time.monotonic()
            response = learner.get("/api/v1/roadmap")
            assert time.monotonic() - started < 3
            assert_unavailable(response)
            page = client.get("/dashboard", headers={"accept": "text/html"})
            assert page.status_code == 503 and int(page.headers["retry-after"]) > 0
            assert "try again" in page.text
        finally:
            held.close()
        assert learner.get("/api/v1/roadmap").status_code == 200
        # A query that is simply wrong is a bug: 500, not "try again".
        broken = learner.get("/api/v1/test-only/broken-query")
        assert broken.status_code == 500
        assert "retry-after" not in broken.headers


def test_a_read_needs_one_pooled_connection_at_a_time(
    tmp_path: Path, database_url: str, sandbox: Sandbox
) -> None:
    """A cached read whose token is not cached yet signs in through the session and then
    reads the learner's version: with one connection in the pool it must not wait for a
    second (a request holding two starved the pool: 503s under a class's load)."""
    settings = make_settings(
        tmp_path, database_url, embedded_worker=False, db_pool_size=1, db_pool_timeout_s=0.5
    )
    with TestClient(_app(settings, sandbox), raise_server_exceptions=False) as client:
        learner = Learner(client)
    # A second app on the same database: its token cache has never seen this token.
    with TestClient(_app(settings, sandbox), raise_server_exceptions=False) as client:
        learner.client = client
        for path in ("/api/v1/roadmap", f"/api/v1/exercises/{SLUG}"):
            response = learner.get(path)
            assert response.status_code == 200, response.text


class CuttableProxy:
    """A TCP relay to a database server that the test can cut (every connection dropped,
    new ones closed at once) and restore: the database going away and coming back."""

    def __init__(self, port: int) -> None:
        self.upstream = port
        self.up = True
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            server = socket.create_connection(("127.0.0.1", self.upstream))
            with self._lock:
                self._open += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        self.up = False
        with self._lock:
            for end in self._open:
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                end.close()
            self._open.clear()

    def restore(self) -> None:
        self.up = True

    def close(self) -> None:
        self.cut()
        self._listener.close()


@pytest.mark.parametrize("backend", NETWORK_BACKENDS)
def test_a_lost_database_is_a_503_then_recovers_by_itself(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path, sandbox: Sandbox
) -> None:
    url = make_url(request.getfixturevalue(f"{backend}_url"))
    proxy = CuttableProxy(url.port or 0)
    try:
        relayed = url.set(port=proxy.port).render_as_string(hide_password=False)
        settings = make_settings(tmp_path, relayed, embedded_worker=False)
        with TestClient(_app(settings, sandbox), raise_server_exceptions=False) as client:
            learner = Learner(client)
            assert learner.get("/api/v1/roadmap").status_code == 200
            proxy.cut()
            # (/me may be answered from the token cache without the database.)
            for path in ("/api/v1/roadmap", f"/api/v1/exercises/{SLUG}"):
                started = time.monotonic()
                assert_unavailable(learner.get(path))
                assert time.monotonic() - started < 10
            started = time.monotonic()
            assert_unavailable(learner.post(f"/api/v1/exercises/{SLUG}/hints"))
            assert time.monotonic() - started < 10
            proxy.restore()
            assert learner.get("/api/v1/roadmap").status_code == 200
            saved = learner.client.put(
                f"/api/v1/exercises/{SLUG}/draft",
                json={"code": EMOJI_CODE},
                headers=learner.headers,
            )
            assert saved.status_code == 200, saved.text
    finally:
        proxy.close()


def test_a_connection_given_back_after_the_platform_closed_is_closed(settings: Any) -> None:
    """A thread still holding a connection when the platform closes (a grading past the
    queue's stop timeout, a request's thread) gives it back to a pool already disposed:
    it is closed then, not left open for the garbage collector (psycopg warned in CI)."""
    platform = build_platform(settings)
    late = platform.sessions()
    try:
        late.execute(text("SELECT 1"))
        dbapi = late.connection().connection.dbapi_connection
        platform.close()
        late.execute(text("SELECT 1"))  # still usable until given back
    finally:
        late.close()
    with pytest.raises(platform.engine.dialect.loaded_dbapi.Error):
        cursor = dbapi.cursor()  # type: ignore[union-attr]
        cursor.execute("SELECT 1")
