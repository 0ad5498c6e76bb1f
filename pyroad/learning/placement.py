"""The placement check: a learner who already knows steps 1–3 tests out of them.

For each of those steps, a few of its own exercises that together practise the most of its
concepts (hardest first) make the check. The learner solves them like any exercise; a step
is passed when each of its check exercises passes without a hint within ``MAX_ATTEMPTS``
submissions after the check started, and failed as soon as one cannot. Finishing records
the outcome per step; a passed step counts as mastered (its concepts start at
``mastery.PLACED``) and Continue skips its lessons and exercises.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pyroad.accounts.models import User
from pyroad.curriculum.model import Catalog, Difficulty, Exercise, Step
from pyroad.db import utcnow
from pyroad.errors import Conflict
from pyroad.learning import versions
from pyroad.learning.adaptive_models import Placement, PlacementOutcome, PlacementStep
from pyroad.learning.mastery import Attempt

STEPS = (1, 2, 3)
PER_STEP = 3  # exercises per step in the check
MAX_ATTEMPTS = 2  # submissions allowed per check exercise
_HARDNESS = {Difficulty.HARD: 0, Difficulty.MEDIUM: 1, Difficulty.EASY: 2}

StepState = Literal["pending", "passed", "failed"]
ExerciseState = Literal["to-do", "passed", "failed"]


def check_exercises(step: Step) -> list[Exercise]:
    """Greedy cover of the step's concepts by its exercises, hardest first on ties."""
    chosen: list[Exercise] = []
    uncovered = {c for e in step.exercises for c in e.concepts}
    candidates = sorted(step.exercises, key=lambda e: (_HARDNESS[e.difficulty], e.order, e.slug))
    while uncovered and len(chosen) < PER_STEP:
        best = max(candidates, key=lambda e: len(uncovered & set(e.concepts)))
        if not uncovered & set(best.concepts):
            break
        chosen.append(best)
        candidates.remove(best)
        uncovered -= set(best.concepts)
    return sorted(chosen, key=lambda e: (e.order, e.slug))


@dataclass(frozen=True)
class CheckExercise:
    exercise: Exercise
    state: ExerciseState
    attempts: int


@dataclass(frozen=True)
class CheckStep:
    number: int
    title: str
    state: StepState
    exercises: tuple[CheckExercise, ...]


@dataclass(frozen=True)
class PlacementStatus:
    """Where a learner's check stands: not started, in progress, or finished."""

    started: bool
    finished: bool
    steps: tuple[CheckStep, ...]

    @property
    def in_progress(self) -> bool:
        return self.started and not self.finished

    @property
    def decided(self) -> bool:
        return all(step.state != "pending" for step in self.steps)

    @property
    def tested_out(self) -> frozenset[int]:
        return frozenset(s.number for s in self.steps if self.finished and s.state == "passed")

    def next_exercise(self) -> tuple[Exercise, int] | None:
        """The first check exercise still to do in an undecided step, with its step."""
        for step in self.steps:
            if step.state == "pending":
                for item in step.exercises:
                    if item.state == "to-do":
                        return item.exercise, step.number
        return None


def _judge(exercise: Exercise, attempts: Sequence[Attempt]) -> CheckExercise:
    mine = [a for a in attempts if a.exercise_slug == exercise.slug][:MAX_ATTEMPTS]
    if any(a.passed and a.hints == 0 for a in mine):
        return CheckExercise(exercise, "passed", len(mine))
    if len(mine) >= MAX_ATTEMPTS or any(a.passed for a in mine):  # passed only with a hint
        return CheckExercise(exercise, "failed", len(mine))
    return CheckExercise(exercise, "to-do", len(mine))


def status_from(
    catalog: Catalog,
    placement: Placement | None,
    recorded: dict[int, PlacementOutcome],
    attempts: Sequence[Attempt],
) -> PlacementStatus:
    """The check's state from its row, the recorded outcomes and the learner's evidence."""
    since = placement.started_at if placement else None
    during = [a for a in attempts if since is not None and a.at is not None and a.at >= since]
    steps: list[CheckStep] = []
    for number in STEPS:
        step = catalog.step(number)
        if step is None:
            continue
        items = tuple(_judge(e, during) for e in check_exercises(step))
        state: StepState
        if number in recorded:
            state = "passed" if recorded[number] is PlacementOutcome.PASSED else "failed"
        elif any(i.state == "failed" for i in items):
            state = "failed"
        elif items and all(i.state == "passed" for i in items):
            state = "passed"
        else:
            state = "pending"
        steps.append(CheckStep(number, step.title, state, items))
    finished = placement is not None and placement.finished_at is not None
    return PlacementStatus(placement is not None, finished, tuple(steps))


def load(session: Session, user_id: int) -> tuple[Placement | None, dict[int, PlacementOutcome]]:
    placement = session.get(Placement, user_id)
    if placement is None:
        return None, {}
    rows = session.execute(
        select(PlacementStep.step, PlacementStep.outcome).where(PlacementStep.user_id == user_id)
    )
    return placement, {step: outcome for step, outcome in rows}


def start(session: Session, user: User) -> Placement:
    """Start the check (once: a finished check keeps its result)."""
    placement = session.get(Placement, user.id)
    if placement is not None:
        if placement.finished_at is not None:
            raise Conflict("your placement check is finished; its result is kept")
        return placement
    versions.bump(session, user.id)  # the roadmap's Continue follows the check now
    try:
        with session.begin_nested():
            placement = Placement(user_id=user.id, started_at=utcnow())
            session.add(placement)
    except IntegrityError:  # two tabs started it at once: the first one counts
        found = session.get(Placement, user.id)
        assert found is not None
        return found
    return placement


def finish(session: Session, status: PlacementStatus, user: User) -> None:
    """Record each step's outcome (an undecided step counts as not passed) and close it."""
    placement = session.get(Placement, user.id)
    if placement is None:
        raise Conflict("start the placement check first (POST /api/v1/placement)")
    if placement.finished_at is not None:
        raise Conflict("your placement check is finished; its result is kept")
    versions.bump(session, user.id)  # tested-out steps change the roadmap's Continue
    now = utcnow()
    for step in status.steps:
        outcome = PlacementOutcome.PASSED if step.state == "passed" else PlacementOutcome.FAILED
        session.add(
            PlacementStep(user_id=user.id, step=step.number, outcome=outcome, decided_at=now)
        )
    placement.finished_at = now
    session.flush()
