"""`pyroad admin create`: the first admin of an install, and staff accounts, from the server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from pyroad.accounts.models import Role, User
from pyroad.accounts.passwords import verify_password
from pyroad.cli.main import app as cli
from pyroad.config import get_settings
from pyroad.db import make_engine, make_session_factory, transaction


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh install: nothing in the data directory yet."""
    data = tmp_path / "data"
    monkeypatch.setenv("PYROAD_DATA_DIR", str(data))
    monkeypatch.delenv("PYROAD_DATABASE_URL", raising=False)
    monkeypatch.setenv("PYROAD_ARGON2_FAST", "1")
    get_settings.cache_clear()
    yield data
    get_settings.cache_clear()


def account(data: Path, email: str) -> User | None:
    engine = make_engine(f"sqlite:///{data / 'pyroad.sqlite3'}")
    try:
        with transaction(make_session_factory(engine)) as session:
            return session.scalar(select(User).where(User.email == email))
    finally:
        engine.dispose()


def test_create_makes_the_first_admin_of_a_fresh_install(data_dir: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["admin", "create", "Root@Example.com", "--name", "Root", "--password-stdin"],
        input="a long passphrase\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created root@example.com as admin." in result.output
    user = account(data_dir, "root@example.com")
    assert user is not None and user.role is Role.ADMIN and user.display_name == "Root"
    assert verify_password("a long passphrase", user.password_hash, fast=True)


def test_create_prompts_twice_for_the_password_and_gives_a_staff_role(data_dir: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["admin", "create", "grace@example.com", "--role", "teacher"],
        input="teaching-pw\nteaching-pw\n",
    )
    assert result.exit_code == 0, result.output
    user = account(data_dir, "grace@example.com")
    assert user is not None and user.role is Role.TEACHER
    for role in ("mentor", "author"):
        made = CliRunner().invoke(
            cli,
            ["admin", "create", f"{role}@example.com", "--role", role, "--password-stdin"],
            input="another-pw\n",
        )
        assert made.exit_code == 0, made.output
        found = account(data_dir, f"{role}@example.com")
        assert found is not None and found.role.value == role


@pytest.mark.parametrize(
    ("arguments", "stdin", "message"),
    [
        (["--role", "learner"], "long enough\n", "not one of admin, teacher, author, mentor"),
        ([], "short\n", "at least 8 characters"),
        ([], "", "nothing on standard input"),
    ],
)
def test_create_refuses_bad_input_with_a_reason(
    data_dir: Path, arguments: list[str], stdin: str, message: str
) -> None:
    result = CliRunner().invoke(
        cli, ["admin", "create", "x@example.com", "--password-stdin", *arguments], input=stdin
    )
    assert result.exit_code == 1
    assert message in result.output


def test_create_refuses_an_existing_account_and_a_bad_email(data_dir: Path) -> None:
    runner = CliRunner()
    first = ["admin", "create", "dup@example.com", "--password-stdin"]
    assert runner.invoke(cli, first, input="long enough\n").exit_code == 0
    again = runner.invoke(cli, first, input="long enough\n")
    assert again.exit_code == 1 and "already exists" in again.output
    bad = runner.invoke(cli, ["admin", "create", "not-an-email", "--password-stdin"], input="x" * 9)
    assert bad.exit_code == 1 and "not a valid e-mail" in bad.output
