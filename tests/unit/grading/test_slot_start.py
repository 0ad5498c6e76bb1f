"""A sandbox slot that fails to start leaves nothing open: its control socket and the
descriptors it would have passed to the zygote are closed at once, not left to the
collector (fresh-clone CI once saw an unclosed socket warned in an unrelated test)."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from pyroad.grading import slot
from pyroad.grading.slot import RuntimeView, Slot


def closed(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return True
    return False


def test_a_slot_whose_process_cannot_start_closes_every_descriptor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    passed: list[int] = []

    def launch_nothing(*args: Any) -> list[str]:
        control_fd, data_fds = args[5], args[6]
        passed.extend([control_fd, *data_fds])
        return [str(tmp_path / "no-such-launcher")]  # Popen fails: nothing to execute

    monkeypatch.setattr(slot, "_launch_argv", launch_nothing)
    view = RuntimeView(binds=(), python=sys.executable, site_dirs=())
    with pytest.raises(FileNotFoundError):
        Slot.start(0, "bwrap", view, None)
    assert len(passed) == 3  # the zygote's control end and the passwd and group pipes
    assert all(closed(fd) for fd in passed)
    gc.collect()  # our end of the socket pair, if left open, warns here (an error in tests)
