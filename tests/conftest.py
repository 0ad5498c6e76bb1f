"""Shared fixtures: settings on a temporary data dir, databases (SQLite, PostgreSQL and
MariaDB), clients."""

from __future__ import annotations

import gc
import os
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import OperationalError, ProgrammingError

from pyroad.app import create_app
from pyroad.config import PROJECT_ROOT, Settings
from pyroad.grading.factory import make_sandbox
from pyroad.grading.sandbox import Sandbox

POSTGRES_URL = os.environ.get(
    "PYROAD_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
MARIADB_URL = os.environ.get(
    "PYROAD_TEST_MARIADB_URL", "mysql+pymysql://root@127.0.0.1:3306/test?charset=utf8mb4"
)
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
CURRICULUM = PROJECT_ROOT / "curriculum"


def postgres_available() -> str | None:
    """None when reachable, else the reason. Under CI a missing PostgreSQL is a failure."""
    try:
        engine = create_engine(POSTGRES_URL)
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        engine.dispose()
        return None
    except OperationalError as error:
        return str(error).splitlines()[0]


def reset_postgres() -> None:
    engine = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh database for this test session, dropped afterwards, so concurrent runs never
    wipe each other's tables; a user that may not create databases gets the reset schema."""
    reason = postgres_available()
    if reason is not None:
        if IN_CI:
            pytest.fail(f"CI=true but PostgreSQL at {POSTGRES_URL} is not reachable: {reason}")
        pytest.skip(f"PostgreSQL not reachable ({reason})")
    name = f"pyroad_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {name}"))
    except ProgrammingError:  # no CREATEDB privilege
        admin.dispose()
        reset_postgres()
        yield POSTGRES_URL
        return
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def mariadb_available() -> str | None:
    """None when reachable, else the reason. Under CI a missing MariaDB is a failure."""
    try:
        engine = create_engine(MARIADB_URL)
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        engine.dispose()
        return None
    except OperationalError as error:
        return str(error).splitlines()[0]


@pytest.fixture(scope="session")
def mariadb_url() -> Iterator[str]:
    """A fresh database for this test session (runs never collide), dropped afterwards."""
    reason = mariadb_available()
    if reason is not None:
        if IN_CI:
            pytest.fail(f"CI=true but MariaDB at {MARIADB_URL} is not reachable: {reason}")
        pytest.skip(f"MariaDB not reachable ({reason})")
    name = f"pyroad_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(MARIADB_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name} CHARACTER SET utf8mb4"))
    try:
        yield make_url(MARIADB_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        admin.dispose()


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgres", marks=pytest.mark.postgres),
        pytest.param("mariadb", marks=pytest.mark.mariadb),
    ]
)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each persistence/API test runs on SQLite and, when reachable, PostgreSQL and MariaDB."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'pyroad.sqlite3'}"
    url: str = request.getfixturevalue(f"{request.param}_url")
    return url


def on_a_thread_of_its_own(start_a_loop: Callable[[], object]) -> None:
    """Call ``start_a_loop`` (e.g. ``lambda: asyncio.run(main())``) in a thread of its own and
    wait: the browser tests' Playwright keeps an event loop running on the main thread for
    the whole session, where a second loop cannot start."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(start_a_loop).result()


def make_settings(tmp_path: Path, database_url: str = "", **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "environment": "test",
        "data_dir": tmp_path / "data",
        "database_url": database_url,
        "curriculum_dir": CURRICULUM,
        "secret_key": "test-secret-key-" + uuid.uuid4().hex,
        "argon2_fast": True,
        "workers": 2,
        # One learner submits every exercise back to back (test_every_exercise); the limit
        # itself is tested with its own settings (test_running.py).
        "submissions_per_minute": 100_000,
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(tmp_path, database_url)


@pytest.fixture(scope="session")
def sandbox() -> Iterator[Sandbox]:
    """One warm sandbox pool for the API tests (starting one costs seconds)."""
    pool = make_sandbox(make_settings(Path(tempfile.gettempdir())))
    yield pool
    pool.close()


@pytest.fixture
def client(settings: Settings, sandbox: Sandbox) -> Iterator[TestClient]:
    with TestClient(create_app(settings, sandbox=sandbox)) as test_client:
        yield test_client


class Learner:
    """A registered learner talking to the API with a bearer token."""

    def __init__(
        self,
        client: TestClient,
        email: str | None = None,
        password: str = "correct horse",  # noqa: S107 - a test account
    ) -> None:
        self.client = client
        self.email = email or f"learner-{uuid.uuid4().hex[:10]}@example.com"
        self.password = password
        response = client.post("/api/v1/accounts", json={"email": self.email, "password": password})
        assert response.status_code == 201, response.text
        self.token = response.json()["access_token"]

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.client.get(path, headers=self.headers, **kwargs)

    def post(self, path: str, **kwargs: Any) -> Any:
        return self.client.post(path, headers=self.headers, **kwargs)

    def submit(self, slug: str, code: str) -> int:
        response = self.post(f"/api/v1/exercises/{slug}/submissions", json={"code": code})
        assert response.status_code == 202, response.text
        return int(response.json()["id"])

    def wait(self, submission_id: int, timeout: float = 60.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            body: dict[str, Any] = self.get(f"/api/v1/submissions/{submission_id}").json()
            if body["status"] == "done":
                return body
            time.sleep(0.02)
        raise AssertionError(f"submission {submission_id} not graded within {timeout}s")


@pytest.fixture
def learner(client: TestClient) -> Learner:
    return Learner(client)


@contextmanager
def sessions_opened(client: TestClient) -> Iterator[list[int]]:
    """Database sessions the app opens inside the block, one entry each: a cached read
    answered on the event loop (``web.loop_versions``) opens none."""
    opened: list[int] = []
    platform = client.app.state.platform  # type: ignore[attr-defined]
    original = platform.sessions

    def counting(*args: Any, **kwargs: Any) -> Any:
        opened.append(1)
        return original(*args, **kwargs)

    platform.sessions = counting
    try:
        yield opened
    finally:
        platform.sessions = original


@pytest.fixture(autouse=True, scope="module")
def _long_lived_objects_frozen() -> Iterator[None]:
    """After each module, collect its garbage and freeze what is left (gc.freeze).

    The suite's process ends up holding over a million objects (session-wide databases,
    apps, catalogs); every full collection walked them all, about a second each, and most
    of the suite's time went to the collector. A pause like that stops every thread: a
    grading thread waiting on its sandbox then found its deadline gone and reported a
    correct solution as a timeout (fresh-clone CI, test_core_loop, an 8.6 s stall).
    Frozen objects are skipped by later collections; garbage is still collected first.
    """
    yield
    gc.collect()
    gc.freeze()
