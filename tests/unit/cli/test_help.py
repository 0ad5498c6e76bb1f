"""`--help` of every command shows no `<bool>` after flags, and the exit codes."""

from __future__ import annotations

from typing import Any

import typer
from typer.testing import CliRunner

from pyroad.cli.main import app


def _commands(group: Any, prefix: list[str]) -> list[list[str]]:
    found = []
    for name, command in group.commands.items():
        found.append([*prefix, name])
        if hasattr(command, "commands"):  # a group (typer vendors its own click)
            found += _commands(command, [*prefix, name])
    return found


def test_no_bool_noise_in_any_help() -> None:
    root = typer.main.get_command(app)
    commands = _commands(root, [])
    names = {" ".join(c) for c in commands}
    assert {
        "download",
        "test",
        "submit",
        "status",
        "next",
        "run-tests",
        "curriculum import",
    } <= names
    runner = CliRunner()
    for command in [[], *commands]:
        shown = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "120"})
        assert shown.exit_code == 0, (command, shown.output)
        assert "<bool>" not in shown.output, command
    top = runner.invoke(app, ["--help"], env={"COLUMNS": "120"}).output
    assert "Exit codes: 0" in top and "3 not logged in" in top
