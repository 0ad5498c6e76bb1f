"""Every ``pyroad`` command loads the whole command tree first: what it imports is paid by
``pyroad roadmap`` and ``pyroad submit`` alike, so the database layers stay out of it."""

from __future__ import annotations

import json
import subprocess
import sys

from pyroad.config import PROJECT_ROOT

HEAVY = ("sqlalchemy", "alembic", "fastapi", "argon2", "dramatiq")


def test_loading_the_commands_imports_no_server_layers() -> None:
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, sys; import pyroad.cli.main; "
            f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))",
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert json.loads(loaded.stdout) == []
