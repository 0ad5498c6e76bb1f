"""The gate as part of ``pyroad curriculum check``: its failures become content problems."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from pyroad.curriculum.loader import ContentProblem, load_catalog
from pyroad.curriculum.mutation.equivalents import MUTANTS_FILE
from pyroad.curriculum.mutation.gate import ExerciseMutation, MutationReport, mutation_gate
from pyroad.grading.grader import Grader

if TYPE_CHECKING:
    from pyroad.curriculum.check import ExerciseCheck


def gate_checks(
    checks: list[ExerciseCheck],
    grader: Grader,
    *,
    workers: int,
    reload_from: Path | None = None,
    progress: Callable[[ExerciseMutation], None] | None = None,
) -> MutationReport:
    """Run the gate on the checked exercises and file what fails it under each exercise.

    ``reload_from``: after ``--update`` re-pinned expected.json, grade against the new pins.
    """
    exercises = [check.exercise for check in checks]
    if reload_from is not None:
        catalog, _ = load_catalog(reload_from)
        exercises = [catalog.exercise(e.slug) or e for e in exercises]
    report = mutation_gate(grader, exercises, workers=workers, progress=progress)
    by_slug = {check.exercise.slug: check for check in checks}
    for result in report.exercises:
        folder = result.exercise.path
        solution = folder / ("solution.sh" if result.exercise.kind == "git" else "solution.py")
        for message in result.gate_problems():
            where = folder / MUTANTS_FILE if message.startswith(MUTANTS_FILE) else solution
            by_slug[result.exercise.slug].problems.append(ContentProblem(where, None, message))
    return report
