"""``pyroad curriculum …``: validate and inspect the course content."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from pyroad.config import get_settings
from pyroad.curriculum.check import ExerciseCheck, run_check
from pyroad.curriculum.mutation.gate import ExerciseMutation
from pyroad.grading.factory import make_sandbox
from pyroad.grading.grader import Grader

app = typer.Typer(help="Validate and inspect the curriculum.", no_args_is_help=True)


@app.command()
def check(
    path: Annotated[
        Path | None, typer.Argument(help="Curriculum folder (default: settings).")
    ] = None,
    only: Annotated[str | None, typer.Option(help="One exercise slug or step number.")] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="One line per exercise.")
    ] = False,
    update: Annotated[
        bool,
        typer.Option(help="Re-pin every exercise's expected.json from its reference solution."),
    ] = False,
    no_mutate: Annotated[
        bool,
        typer.Option(
            "--no-mutate", help="Skip the mutation gate (a quick loop; the full check runs it)."
        ),
    ] = False,
) -> None:
    """Check every exercise: metadata, reference passes, starter and wrong solutions fail."""
    settings = get_settings()
    root = path or settings.curriculum_dir
    sandbox = make_sandbox(settings)
    started = time.perf_counter()

    def progress(result: ExerciseCheck) -> None:
        if verbose or result.problems:
            mark = "ok " if not result.problems else "BAD"
            typer.echo(f"{mark} {result.exercise.step:02d} {result.exercise.slug}")

    def mutation_progress(result: ExerciseMutation) -> None:
        if verbose or result.below or result.problems:
            mark = "ok " if not (result.below or result.problems) else "BAD"
            typer.echo(f"{mark} mutation {result.line()}")

    try:
        report = run_check(
            root,
            Grader(sandbox),
            only=only,
            workers=settings.workers,
            progress=progress,
            update=update,
            mutate=not no_mutate,
            mutation_progress=mutation_progress,
        )
    finally:
        sandbox.close()
    for line in report.summary_lines():
        typer.echo(line)
    problems = report.all_problems()
    for problem in problems:
        typer.echo(f"error: {problem}", err=True)
    typer.echo(f"checked in {time.perf_counter() - started:.1f}s")
    if problems:
        typer.echo(f"{len(problems)} problem(s) found", err=True)
        raise typer.Exit(1)


@app.command()
def mutate(
    path: Annotated[
        Path | None, typer.Argument(help="Curriculum folder (default: settings).")
    ] = None,
    only: Annotated[str | None, typer.Option(help="One exercise slug or step number.")] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Every mutant, not only the survivors.")
    ] = False,
    fresh: Annotated[
        bool, typer.Option(help="Ignore cached results (mutation.json) and run every mutant.")
    ] = False,
) -> None:
    """Mutate each reference solution, grade the mutants, list the survivors (see mutants.toml)."""
    from pyroad.curriculum.mutation.cli import run_mutate

    settings = get_settings()
    ok = run_mutate(path or settings.curriculum_dir, settings, only=only, verbose=verbose,
                    fresh=fresh, echo=typer.echo)  # fmt: skip
    if not ok:
        raise typer.Exit(1)
