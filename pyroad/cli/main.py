"""The ``pyroad`` command: serve, worker, curriculum tools and a learner client."""

from __future__ import annotations

import typer

from pyroad.cli import curriculum, learner, server

app = typer.Typer(help="pyroad: learn Python backend development.", no_args_is_help=True)
app.add_typer(curriculum.app, name="curriculum")
server.register(app)
learner.register(app)
