"""Import, validate, pin and check: what `pyroad curriculum import` does per exercise.

1. read and translate the source (``exercism.read_exercise``);
2. run the *original* test file against the example in the sandbox: an example that fails
   its own tests would pin wrong expectations, so the exercise is refused;
3. write the folder and pin the example's observations (``expected.json``);
4. run the gate (``curriculum check`` on that exercise, the mutation gate included unless
   skipped) and report its problems: an imported exercise is content like any other.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pyroad.curriculum.check import run_check, write_pinned
from pyroad.curriculum.importers import exercism
from pyroad.curriculum.loader import ContentError, load_exercise
from pyroad.grading.grader import ExerciseBroken, Grader
from pyroad.grading.sandbox import Job, Limits, RunStatus


@dataclass
class ImportResult:
    slug: str
    folder: Path | None = None
    translated: int = 0
    forgeable: int = 0
    refused: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.refused and not self.problems

    def line(self) -> str:
        if self.refused:
            return f"refused {self.slug}: {self.refused}"
        mark = "ok " if self.ok else "BAD"
        return (
            f"{mark} {self.slug}: {self.translated + self.forgeable} tests, {self.translated} "
            f"translated into probes, {self.forgeable} run as test code in the sandbox "
            "(forgeable)"
        )


def import_exercism(
    src: Path,
    dest: Path,
    grader: Grader,
    *,
    concepts: list[str],
    mutate: bool = True,
    workers: int = 2,
    echo: Callable[[str], None] = lambda _: None,
) -> list[ImportResult]:
    """Import every exercise under ``src`` into the step folder ``dest``."""
    step = exercism.step_folder(dest)
    results = []
    for source in exercism.sources(src):
        result = _import_one(source, step, grader, concepts)
        if result.folder is not None:
            report = run_check(
                step.parent, grader, only=result.slug, workers=workers, mutate=mutate
            )
            result.problems = [str(p) for p in report.all_problems()]
            if report.mutation_line:
                echo(f"    {report.mutation_line}")
        echo(result.line())
        for problem in result.problems:
            echo(f"    {problem}")
        results.append(result)
    return results


def _import_one(source: Path, step: Path, grader: Grader, concepts: list[str]) -> ImportResult:
    result = ImportResult(source.name)
    try:
        imported = exercism.read_exercise(source)
    except exercism.ImportRefused as error:
        result.refused = str(error)
        return result
    result.translated, result.forgeable = imported.translated, imported.forgeable
    failing = _example_failures(imported, grader)
    if failing:
        result.refused = (
            "the example (.meta/example.py) does not pass the original tests "
            f"({'; '.join(failing[:5])}): nothing imported"
        )
        return result
    try:
        folder = exercism.write_exercise(imported, step, exercism.next_order(step), concepts)
    except exercism.ImportRefused as error:
        result.refused = str(error)
        return result
    try:
        exercise = load_exercise(folder, int(step.name[:2]))
        write_pinned(exercise, grader.reference_observations(exercise), {})
    except (ContentError, ExerciseBroken) as error:
        shutil.rmtree(folder)
        problem = error.problem if isinstance(error, ContentError) else error
        result.refused = f"the translated exercise does not load or run: {problem}"
        return result
    result.folder = folder
    return result


def _example_failures(imported: exercism.Imported, grader: Grader) -> list[str]:
    """The original tests the example fails, run as test code in the sandbox."""
    job = Job(
        kind="module",
        code=imported.solution,
        tests=tuple(imported.original_tests),
        setup=imported.original,
    )
    outcome = grader.sandbox.run(job, Limits(wall_s=30, cpu_s=25))
    load = next((e for e in outcome.events if e.get("event") == "load_error"), None)
    if outcome.status is not RunStatus.COMPLETED or load is not None:
        detail = str(load.get("traceback", "")).strip().splitlines()[-1:] if load else []
        return [f"the example with the test file did not run ({outcome.status}) {detail}"]
    seen = {e["name"]: e.get("observed") for e in outcome.events if e.get("event") == "test"}
    return [
        f"{name}: {seen.get(name)}"
        for name, _ in imported.original_tests
        if seen.get(name) != ["str", "passed"]
    ]
