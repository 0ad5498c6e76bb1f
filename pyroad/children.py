"""What pyroad's own child processes share: how they start, how they follow their parent,
and how long to wait before replacing one that died.

Used by the web processes of ``pyroad serve --workers N`` (``pyroad.web.processes``) and by
the embedded grading process (``pyroad.grading_process``).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from multiprocessing.connection import wait

# A fresh interpreter: no inherited locks, threads, sockets or database connections.
spawn = multiprocessing.get_context("spawn")


def stop_with_the_parent(how: signal.Signals = signal.SIGTERM) -> None:
    """Send this process ``how`` (a graceful stop) when the process that started it dies,
    even by SIGKILL: an orphan would keep serving a port, or keep grading beside the
    parent's replacement."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os.kill(os.getpid(), how)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


class RestartPause:
    """The pause before replacing a process that died: none after a long life, else one
    that doubles while they keep dying young (``FIRST_S`` … ``MAX_S``), so a crash loop
    (a broken setting, a database restarting) does not spin."""

    YOUNG_S = 10.0  # a process that dies younger than this counts as a crash loop
    FIRST_S = 0.5
    MAX_S = 30.0

    def __init__(self) -> None:
        self.seconds = 0.0

    def after_death(self, lived_s: float) -> float:
        """The pause before the next start, given how long the dead one lived."""
        young = lived_s < self.YOUNG_S
        self.seconds = min(self.MAX_S, max(self.FIRST_S, 2 * self.seconds)) if young else 0.0
        return self.seconds
