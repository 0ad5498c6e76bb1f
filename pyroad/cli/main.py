"""The ``pyroad`` command: serve, worker, curriculum tools and a learner client."""

from __future__ import annotations

import typer

from pyroad.cli import admin, curriculum, learner, server
from pyroad.cli import review as review_cli
from pyroad.cli import run_tests as run_tests_cli
from pyroad.cli import tutor as tutor_cli
from pyroad.cli.help import hide_flag_types

hide_flag_types()

app = typer.Typer(help="pyroad: learn Python backend development.", no_args_is_help=True)
app.add_typer(curriculum.app, name="curriculum")
app.add_typer(admin.app, name="admin")
server.register(app)
learner.register(app)
run_tests_cli.register(app)
review_cli.register(app)
tutor_cli.register(app)
