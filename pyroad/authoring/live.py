"""Published authored exercises in the running catalog, in every process.

The shipped course is loaded from files at start-up; authored versions live in the database
so that every web process and worker, on any machine, sees the same ones. Each process polls
the newest version id (one indexed query every ``POLL_S``) and, when it moved, rebuilds its
catalog as the shipped course plus the latest version of each authored exercise. The process
that publishes refreshes at once, so its author sees the exercise on the next page.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pyroad.authoring.gate import write_folder
from pyroad.authoring.models import ExerciseVersion
from pyroad.curriculum.loader import ContentError, load_exercise
from pyroad.curriculum.model import Catalog, Exercise

if TYPE_CHECKING:
    from pyroad.platform import Platform

log = logging.getLogger("pyroad.authoring")
POLL_S = 2.0
MISS_CHECK_S = 0.25  # an unknown slug asks the database at most this often


@dataclass
class AuthoredCatalog(Catalog):
    """The merged catalog. A slug it does not know asks the database (throttled) before
    saying no: a worker may be handed a submission on an exercise published a moment ago,
    before its next poll."""

    live: LiveCatalog | None = field(default=None, repr=False, compare=False)

    def exercise(self, slug: str) -> Exercise | None:
        found = super().exercise(slug)
        if found is not None or self.live is None:
            return found
        current = self.live.platform.catalog
        if current is not self:  # a request holding an older catalog: ask the newest
            return current.exercise(slug)
        if self.live.catch_up():
            return self.live.platform.catalog.exercise(slug)
        return None

    def require_exercise(self, slug: str) -> Exercise:
        found = self.exercise(slug)
        return found if found is not None else super().require_exercise(slug)


def latest_versions(session: Session) -> list[ExerciseVersion]:
    """The newest version of every authored slug (withdrawn ones included: files None)."""
    newest = (
        select(ExerciseVersion.slug, func.max(ExerciseVersion.version).label("version"))
        .group_by(ExerciseVersion.slug)
        .subquery()
    )
    query = select(ExerciseVersion).join(
        newest,
        (ExerciseVersion.slug == newest.c.slug) & (ExerciseVersion.version == newest.c.version),
    )
    return list(session.scalars(query.order_by(ExerciseVersion.slug)))


def materialise(cache: Path, row: ExerciseVersion) -> Path:
    """The version's folder on disk (written once: a version never changes)."""
    assert row.files is not None
    folder = cache / row.slug / str(row.version) / row.slug
    if not folder.is_dir():
        cache.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=cache))
        write_folder(staging / row.slug, row.files)
        folder.parent.parent.mkdir(parents=True, exist_ok=True)
        try:
            staging.rename(folder.parent)  # atomic: another process may race us here
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)  # it won; its copy is the same
    return folder


def merged(
    shipped: Catalog,
    authored: list[Exercise],
    versions: dict[str, int],
    live: LiveCatalog | None = None,
) -> AuthoredCatalog:
    """The shipped course with authored exercises placed in their steps (by order)."""
    by_step: dict[int, list[Exercise]] = {}
    for exercise in authored:
        if shipped.exercise(exercise.slug) is None:  # a shipped slug always wins
            by_step.setdefault(exercise.step, []).append(exercise)
    steps = [
        replace(
            step,
            exercises=tuple(
                sorted(
                    (*step.exercises, *by_step.get(step.number, ())),
                    key=lambda item: (item.order, item.slug),
                )
            ),
        )
        for step in shipped.steps
    ]
    return AuthoredCatalog(steps=steps, topics=shipped.topics, versions=dict(versions), live=live)


class LiveCatalog:
    """Keeps ``platform.catalog`` = shipped course + the latest authored versions."""

    def __init__(self, platform: Platform) -> None:
        self.platform = platform
        self.shipped = platform.catalog
        self.cache = platform.settings.data_dir / "authored-versions"
        self.head: int | None = -1  # never a version id: the first refresh always builds
        self._lock = threading.Lock()
        self._missed_at = 0.0
        self._thread: threading.Thread | None = None

    def refresh(self) -> bool:
        """Rebuild the catalog if a version was published since; True if it changed."""
        with self._lock, self.platform.sessions() as session:
            head = session.scalar(select(func.max(ExerciseVersion.id)))
            if head == self.head:
                return False
            rows = latest_versions(session)
            exercises: list[Exercise] = []
            versions: dict[str, int] = {}
            for row in rows:
                if row.files is None:
                    continue
                try:
                    exercises.append(load_exercise(materialise(self.cache, row), row.step))
                except (ContentError, OSError, ValueError, TypeError) as error:
                    log.error("authored exercise %s v%d not loaded: %s", row.slug, row.version,
                              error)  # fmt: skip
                    continue
                versions[row.slug] = row.version
            self.platform.catalog = merged(self.shipped, exercises, versions, self)
            self.head = head
            return True

    def catch_up(self) -> bool:
        """Refresh now for a slug the catalog missed (at most every MISS_CHECK_S)."""
        now = time.monotonic()
        if now - self._missed_at < MISS_CHECK_S:
            return False
        self._missed_at = now
        try:
            return self.refresh()
        except Exception as error:  # the database is away: the slug stays unknown for now
            log.warning("authored catalog refresh failed: %r", error)
            return False

    def start(self) -> None:
        """Poll in the background until the platform closes."""
        stopped = self.platform._stopped

        def loop() -> None:
            while not stopped.wait(POLL_S):
                try:
                    self.refresh()
                except Exception as error:  # a lost database: try again next tick
                    if not stopped.is_set():  # the message only: locals hold the catalog
                        log.warning("authored catalog refresh failed: %r", error)

        self._thread = threading.Thread(target=loop, name="authored-catalog", daemon=True)
        self._thread.start()


def attach(platform: Platform) -> LiveCatalog:
    """Load the published authored exercises now and keep them current (build_platform)."""
    live = LiveCatalog(platform)
    started = time.perf_counter()
    try:
        live.refresh()
    except Exception as error:  # never stop the server over authored content
        log.error("authored exercises could not be loaded: %r", error)
    log.debug("authored catalog loaded in %.3fs", time.perf_counter() - started)
    platform.live_catalog = live  # type: ignore[attr-defined]
    live.start()
    return live


def live_of(platform: Platform) -> LiveCatalog | None:
    found: LiveCatalog | None = getattr(platform, "live_catalog", None)
    return found


def exercise_at(platform: Platform, slug: str, version: int | None) -> Exercise | None:
    """The exercise as it was at ``version`` (None: as the catalog has it now).

    For grading exactly what a submission recorded when an author published a newer version
    between the submission and its grading: the catalog's copy when the versions agree, else
    the recorded version read from the database (a version never changes, so its folder is
    written once and reused).
    """
    current = platform.catalog.exercise(slug)
    if version is None or platform.catalog.versions.get(slug) == version:
        return current
    with platform.sessions() as session:
        row = session.scalars(
            select(ExerciseVersion).where(
                ExerciseVersion.slug == slug, ExerciseVersion.version == version
            )
        ).first()
        if row is None or row.files is None:
            return current
        folder = materialise(platform.settings.data_dir / "authored-versions", row)
        step = row.step
    return load_exercise(folder, step)
