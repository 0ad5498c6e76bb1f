"""``pyroad serve`` and ``pyroad worker``."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Attach the server commands to the top-level app."""
