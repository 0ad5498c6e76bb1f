"""What ``pyroad curriculum mutate`` prints: a line per exercise, its survivors, a summary."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from pyroad.config import Settings
from pyroad.curriculum.loader import load_catalog
from pyroad.curriculum.mutation.gate import ExerciseMutation, mutation_gate
from pyroad.curriculum.mutation.run import Fate
from pyroad.grading.factory import make_sandbox
from pyroad.grading.grader import Grader


def run_mutate(
    root: Path,
    settings: Settings,
    *,
    only: str | None,
    verbose: bool,
    fresh: bool,
    echo: Callable[[str], None],
) -> bool:
    """Run the gate on the chosen exercises; False when one fails it (or --only matches none)."""
    catalog, _ = load_catalog(root)
    exercises = [e for e in catalog.exercises if only is None or only in (e.slug, str(e.step))]
    if not exercises:
        echo(f"--only {only!r} matches no exercise slug or step number")
        return False
    started = time.perf_counter()

    def progress(result: ExerciseMutation) -> None:
        bad = result.below or result.problems
        echo(f"{'BAD' if bad else 'ok '} {result.line()}")
        for mutant in result.mutants:
            fate = result.fates.get(mutant.id)
            if mutant.id in result.equivalent:
                if verbose:
                    echo(f"    equivalent {mutant.id}  {mutant.diff}")
            elif fate is Fate.SURVIVED or verbose:
                echo(f"    {fate or 'ungraded'} {mutant.id}  {mutant.diff}")
        for problem in result.problems:
            echo(f"    problem: {problem}")

    sandbox = make_sandbox(settings)
    try:
        report = mutation_gate(
            Grader(sandbox), exercises, workers=settings.workers, use_cache=not fresh,
            progress=progress,
        )  # fmt: skip
    finally:
        sandbox.close()
    echo(f"mutated in {time.perf_counter() - started:.1f}s")
    echo(report.summary_line())
    return not any(e.below or e.problems for e in report.exercises)
