"""Zip upload (all or nothing) and `pyroad curriculum export` through the real API and CLI."""

from __future__ import annotations

import io
import os
import subprocess
import zipfile
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from pyroad.authoring.fields import ExerciseFields, to_files
from pyroad.curriculum.loader import load_catalog
from tests.authoring_samples import RIGHT_ADD, SOLUTION, fields, make_author
from tests.conftest import Learner
from tests.server import PYROAD


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'pyroad.sqlite3'}"


def course_zip(*exercises: dict[str, object], extra: dict[str, str] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for values in exercises:
            files = to_files(ExerciseFields.model_validate(values))
            for path, text in files.items():
                archive.writestr(
                    f"my-course/02-loops-functions/exercises/{values['slug']}/{path}", text
                )
        for name, text in (extra or {}).items():
            archive.writestr(name, text)
    return buffer.getvalue()


def upload(author: Learner, data: bytes) -> httpx.Response:
    return author.client.post(
        "/api/v1/authoring/uploads",
        content=data,
        headers={**author.headers, "Content-Type": "application/zip"},
    )


def test_an_upload_publishes_every_exercise_in_one_commit(client: TestClient) -> None:
    author = make_author(client)
    response = upload(author, course_zip(fields(), fields(slug="double-again", title="Again")))
    assert response.status_code == 201, response.text
    assert response.json()["published"] == ["double-again v1", "double-it v1"]
    learner = Learner(client)
    assert learner.wait(learner.submit("double-again", SOLUTION))["verdict"] == "passed"
    repo = client.app.state.platform.settings.data_dir / "authored"  # type: ignore[attr-defined]
    log = subprocess.run(
        ["/usr/bin/git", "-C", str(repo), "log", "--format=%s"],
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()  # fmt: skip
    assert log[0] == "Upload 2 exercise(s): double-again v1, double-it v1"


def test_one_bad_exercise_and_nothing_is_published(client: TestClient) -> None:
    author = make_author(client)
    data = course_zip(fields(), fields(slug="double-badly", wrong=[RIGHT_ADD]))
    response = upload(author, data)
    assert response.status_code == 422
    messages = [e["message"] for e in response.json()["errors"]]
    assert any(
        m.startswith("02/exercises/double-badly/wrong/wrong-1.py") and "passes every test" in m
        for m in messages
    ), messages
    assert author.get("/api/v1/exercises/double-it").status_code == 404
    assert author.get("/api/v1/exercises/double-badly").status_code == 404
    assert author.get("/api/v1/authoring/exercises").json() == []


@pytest.mark.parametrize(
    ("extra", "status", "message"),
    [
        ({"../../outside.py": "x"}, 422, "outside the folder"),
        ({"my-course/02-loops-functions/exercises/double-it/big.md": "0" * 200_000}, 422,
         "zip bomb"),
        ({"my-course/02-loops-functions/lessons/new.md": "+++"}, 422, "lessons are not uploaded"),
    ],
)  # fmt: skip
def test_unsafe_archives_are_refused_with_the_reason(
    client: TestClient, extra: dict[str, str], status: int, message: str
) -> None:
    author = make_author(client)
    response = upload(author, course_zip(fields(), extra=extra))
    assert response.status_code == status, response.text
    assert message in response.json()["detail"]
    assert author.get("/api/v1/exercises/double-it").status_code == 404


def test_an_oversize_upload_is_refused(client: TestClient) -> None:
    author = make_author(client)
    response = upload(author, course_zip(fields(), extra={"noise": os.urandom(600_000).hex()}))
    assert response.status_code == 413
    assert "an upload may be at most 512 KiB" in response.json()["detail"]


def test_learners_cannot_upload(client: TestClient) -> None:
    learner = Learner(client)
    assert upload(learner, course_zip(fields())).status_code == 403


def test_export_writes_a_curriculum_folder_that_loads(client: TestClient, tmp_path: Path) -> None:
    author = make_author(client)
    assert upload(author, course_zip(fields())).status_code == 201
    settings = client.app.state.platform.settings  # type: ignore[attr-defined]
    env = {**os.environ, "PYROAD_DATA_DIR": str(settings.data_dir),
           "PYROAD_DATABASE_URL": settings.database_url}  # fmt: skip
    dest = tmp_path / "exported"
    done = subprocess.run(
        [str(PYROAD), "curriculum", "export", str(dest)],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "double-it v1" in done.stdout
    catalog, problems = load_catalog(dest)
    assert problems == []
    exported = catalog.exercise("double-it")
    assert exported is not None and exported.step == 2
    assert (dest / "02-loops-functions/exercises/double-it/expected.json").exists()
    assert catalog.exercise("parse-port") is not None  # the shipped course is there too
    again = subprocess.run(
        [str(PYROAD), "curriculum", "export", str(dest)],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert again.returncode == 1 and "not an empty folder" in again.stderr
    only = tmp_path / "authored"
    subprocess.run(
        [str(PYROAD), "curriculum", "export", "--authored-only", str(only)],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    assert sorted(p.name for p in only.iterdir()) == ["02-loops-functions"]
