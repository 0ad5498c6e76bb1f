"""The course as plain, immutable data: steps, lessons and exercises loaded from files.

The curriculum is content-as-code (see ``curriculum/README.md``). It is served from memory
after loading; the database stores only what learners do (drafts, submissions, progress),
keyed by the stable slugs defined here.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from pyroad.errors import NotFound

EXPECTED_FILE = "expected.json"
# Said to every client (CLI, browser, API), so it names all three ways to look.
_WHERE = "(see the roadmap: `pyroad roadmap`, /roadmap or GET /api/v1/roadmap)"


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


class ExerciseKind(StrEnum):
    """How learner code is run: imported as a module, run as a program, or git commands."""

    MODULE = "module"
    PROGRAM = "program"
    GIT = "git"


DEFAULT_SAMPLE = 8


@dataclass(frozen=True)
class Probe:
    """One test: code whose observed result is compared with the reference's.

    ``visible`` probes are examples: on failure the learner sees the call, the expected
    value and what they got. Hidden ones (the default) say only ``message``, the rule that
    broke, so feedback cannot be turned into a lookup table. A probe with a ``pool`` is
    randomised: ``pool`` is a Python expression (``rng`` is a seeded ``random.Random``)
    whose items are pinned with the reference's observation of each; every submission
    runs ``code`` on ``sample`` of them, bound as ``case``. Randomised probes are hidden.

    ``shows`` (Markdown) says what the test does in the learner's terms ("calls
    `parse_port('8080')`"); ``labels`` names the parts of a tuple result ("status",
    "body") so feedback compares part by part instead of printing a tuple. Both are
    presentation only: they never change an outcome (nor the mutation cache's hash).
    """

    name: str
    code: str
    message: str
    line: int
    visible: bool = False
    pool: str = ""
    sample: int = DEFAULT_SAMPLE
    shows: str = ""
    labels: tuple[str, ...] = ()

    @property
    def randomised(self) -> bool:
        return bool(self.pool)

    @property
    def runs(self) -> int:
        """How many test results this probe produces per submission."""
        return self.sample if self.randomised else 1


@dataclass(frozen=True)
class ExerciseLimits:
    time_s: float = 5.0
    memory_mb: int = 256


@dataclass(frozen=True)
class Exercise:
    slug: str
    step: int
    title: str
    order: int
    difficulty: Difficulty
    minutes: int
    concepts: tuple[str, ...]
    hints: tuple[str, ...]
    kind: ExerciseKind
    statement: str
    starter: str
    solution: str
    setup: str
    setup_repo: str
    tests: tuple[Probe, ...]
    wrong_solutions: tuple[tuple[str, str], ...]
    limits: ExerciseLimits
    lessons: tuple[str, ...]
    project: bool
    path: Path
    # The reference's observations, pinned in expected.json by `curriculum check --update`.
    pinned: dict[str, Any] | None = field(default=None, hash=False, compare=False)
    # Randomised probes' pinned cases: probe name -> [{"case": input, "expected": observation}].
    pinned_pools: dict[str, list[dict[str, Any]]] | None = field(
        default=None, hash=False, compare=False
    )
    # Alternative correct solutions (right/*.py|sh): (file stem, code); each must pass.
    right_solutions: tuple[tuple[str, str], ...] = ()

    @property
    def tests_total(self) -> int:
        """Test results per submission: one per fixed probe, ``sample`` per randomised one."""
        return sum(probe.runs for probe in self.tests)

    @property
    def tests_hidden(self) -> int:
        return sum(probe.runs for probe in self.tests if not probe.visible)

    @property
    def fingerprint(self) -> str:
        """Changes whenever anything that decides expectations changes (cache key)."""
        digest = hashlib.sha256()
        for part in (self.kind, self.solution, self.setup, self.setup_repo):
            digest.update(part.encode())
            digest.update(b"\0")
        for probe in self.tests:
            digest.update(f"{probe.name}\0{probe.code}\0{probe.pool}\0".encode())
        return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Lesson:
    slug: str
    step: int
    title: str
    order: int
    concepts: tuple[str, ...]
    topics: tuple[str, ...]
    body: str
    path: Path


@dataclass(frozen=True)
class Step:
    number: int
    slug: str
    title: str
    summary: str
    lessons: tuple[Lesson, ...]
    exercises: tuple[Exercise, ...]


@dataclass(frozen=True)
class Topic:
    id: str
    step: int
    name: str


@dataclass
class Catalog:
    """The loaded course with lookups by slug."""

    steps: list[Step]
    topics: list[Topic] = field(default_factory=list)
    # Authored exercises' published version (pyroad.authoring); shipped ones have none.
    versions: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._exercises = {e.slug: e for s in self.steps for e in s.exercises}
        self._lessons = {lesson.slug: lesson for s in self.steps for lesson in s.lessons}

    def exercise(self, slug: str) -> Exercise | None:
        return self._exercises.get(slug)

    def lesson(self, slug: str) -> Lesson | None:
        return self._lessons.get(slug)

    def require_exercise(self, slug: str) -> Exercise:
        found = self._exercises.get(slug)
        if found is None:
            raise NotFound(f"no exercise with id {slug!r} {_WHERE}")
        return found

    def require_lesson(self, slug: str) -> Lesson:
        found = self._lessons.get(slug)
        if found is None:
            raise NotFound(f"no lesson with id {slug!r} {_WHERE}")
        return found

    def step(self, number: int) -> Step | None:
        return next((s for s in self.steps if s.number == number), None)

    @property
    def exercises(self) -> list[Exercise]:
        return list(self._exercises.values())

    @property
    def lessons(self) -> list[Lesson]:
        return list(self._lessons.values())

    def exercises_for_lesson(self, slug: str) -> list[Exercise]:
        return [e for e in self._exercises.values() if slug in e.lessons]
