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


@app.command(name="import")
def import_command(
    src: Annotated[
        Path,
        typer.Argument(help="An exercise folder, or a folder of them (e.g. exercises/practice)."),
    ],
    dest: Annotated[
        Path,
        typer.Argument(
            help="The curriculum step folder to add them to (e.g. curriculum/10-imported)."
        ),
    ],
    format: Annotated[
        str, typer.Option("--format", help="The source layout (only: exercism).")
    ] = "exercism",
    concept: Annotated[
        list[str] | None,
        typer.Option("--concept", help="A concept id the exercises practise (repeatable)."),
    ] = None,
    no_mutate: Annotated[
        bool, typer.Option("--no-mutate", help="Skip the mutation gate in the check after import.")
    ] = False,
) -> None:
    """Import exercises in another platform's layout, then pin and check them.

    Assertions the importer understands become probes compared on the trusted side; other
    tests run as test code in the sandbox and are counted as forgeable. Exit code 1 when an
    exercise was refused or does not pass the check.
    """
    from pyroad.curriculum.importers.exercism import ImportRefused
    from pyroad.curriculum.importers.pipeline import import_exercism

    if format != "exercism":
        typer.echo(f"error: unknown --format {format!r}; supported: exercism", err=True)
        raise typer.Exit(2)
    settings = get_settings()
    sandbox = make_sandbox(settings)
    try:
        results = import_exercism(
            src,
            dest,
            Grader(sandbox),
            concepts=concept or ["exercism"],
            mutate=not no_mutate,
            workers=settings.workers,
            echo=typer.echo,
        )
    except ImportRefused as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None
    finally:
        sandbox.close()
    imported = [r for r in results if r.folder is not None]
    typer.echo(
        f"imported {len(imported)} of {len(results)} exercise(s); "
        f"{sum(r.translated for r in imported)} tests translated into probes, "
        f"{sum(r.forgeable for r in imported)} run as test code in the sandbox (forgeable)"
    )
    if not all(r.ok for r in results):
        raise typer.Exit(1)


@app.command()
def export(
    dest: Annotated[Path, typer.Argument(help="A new (or empty) folder to write.")],
    authored_only: Annotated[
        bool,
        typer.Option(
            "--authored-only",
            help="Only the exercises published by authors (the layout a zip upload takes).",
        ),
    ] = False,
) -> None:
    """Write the course with every published authored exercise as a curriculum folder."""
    from pyroad.authoring.export import ExportRefused
    from pyroad.authoring.export import export as export_course
    from pyroad.db import make_engine, make_session_factory
    from pyroad.migrate import upgrade

    settings = get_settings()
    if not settings.database_url and not (settings.data_dir / "pyroad.sqlite3").exists():
        typer.echo(
            f"error: no database in {settings.data_dir}: run this where `pyroad serve` runs, "
            "with the same PYROAD_DATA_DIR (or PYROAD_DATABASE_URL)",
            err=True,
        )
        raise typer.Exit(1)
    engine = make_engine(settings.sqlalchemy_url)
    try:
        upgrade(engine)
        with make_session_factory(engine)() as session:
            done = export_course(
                session, settings.curriculum_dir, dest, authored_only=authored_only
            )
    except ExportRefused as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None
    finally:
        engine.dispose()
    what = "the shipped course and " if done.shipped else ""
    typer.echo(f"wrote {what}{len(done.authored)} authored exercise(s) to {dest}")
    for line in done.authored:
        typer.echo(f"  {line}")
