"""Development logs: readable, and a traceback never spills a frame's local variables."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from pyroad.config import Settings
from pyroad.observability.logs import configure_logging


def _fail_with_a_secret_in_scope() -> None:
    password = "hunter2-do-not-log"  # the value the log must not show
    raise ValueError(f"bad input of length {len(password)}")


def test_a_development_traceback_shows_the_frames_but_not_their_locals(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging(Settings(data_dir=tmp_path, environment="development", log_format="auto"))
    try:
        _fail_with_a_secret_in_scope()
    except ValueError:
        logging.getLogger("pyroad.test").exception("request failed")
    written = capsys.readouterr().err
    assert "request failed" in written
    assert "_fail_with_a_secret_in_scope" in written  # the frame is named
    assert "ValueError: bad input of length 18" in written
    assert "hunter2-do-not-log" not in written  # the local is not
