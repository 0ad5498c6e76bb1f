"""Shared fixtures: settings on a temporary data dir, databases (SQLite and PostgreSQL), clients."""

from __future__ import annotations

import os
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from pyroad.app import create_app
from pyroad.config import PROJECT_ROOT, Settings
from pyroad.grading.factory import make_sandbox
from pyroad.grading.sandbox import Sandbox

POSTGRES_URL = os.environ.get(
    "PYROAD_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
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
def postgres_url() -> str:
    reason = postgres_available()
    if reason is not None:
        if IN_CI:
            pytest.fail(f"CI=true but PostgreSQL at {POSTGRES_URL} is not reachable: {reason}")
        pytest.skip(f"PostgreSQL not reachable ({reason})")
    reset_postgres()
    return POSTGRES_URL


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each persistence/API test runs on SQLite and, when reachable, on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'pyroad.sqlite3'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


def make_settings(tmp_path: Path, database_url: str = "", **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "environment": "test",
        "data_dir": tmp_path / "data",
        "database_url": database_url,
        "curriculum_dir": CURRICULUM,
        "secret_key": "test-secret-key-" + uuid.uuid4().hex,
        "argon2_fast": True,
        "workers": 2,
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
        self, client: TestClient, email: str | None = None, password: str = "correct horse"  # noqa: S107 - a test account
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
