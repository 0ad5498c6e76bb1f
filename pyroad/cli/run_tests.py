"""``pyroad run-tests SLUG INPUT_DIR OUTPUT_DIR``: pyroad as an Exercism-style test runner.

Grades a solution folder in the learners' sandbox, with the server's grader, and writes
``OUTPUT_DIR/results.json`` in the shape of Exercism's test-runner interface, version 3:
``{"version": 3, "status": "pass"|"fail"|"error", "message", "tests": [{"name",
"test_code", "status", "message", "output", "task_id"}]}``, so a CI job or another platform
can use the same sandbox. As the interface asks, the command exits 0 whenever it could grade,
whatever the verdict; ``status: error`` means no test ran (the code did not load), with the
reason in ``message``. A hidden test reads as it does on the server: its rule, never its code,
input or expected value.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from pyroad.cli.text import terminal_text
from pyroad.config import get_settings
from pyroad.curriculum.loader import load_catalog
from pyroad.curriculum.model import Exercise
from pyroad.grading.factory import make_sandbox
from pyroad.grading.grader import Grader, GradeReport, TestStatus, listed_name
from pyroad.grading.sandbox import SandboxUnavailable

VERSION = 3
MAX_OUTPUT = 500  # characters of a test's output, as the interface asks
TRUNCATED = "\n\nOutput was truncated. Please limit to 500 chars."
MAX_MESSAGE = 65_535
_STATUS = {
    TestStatus.PASSED: "pass",
    TestStatus.FAILED: "fail",
    TestStatus.ERROR: "error",
    TestStatus.NOT_RUN: "error",
}


def find_solution(exercise: Exercise, folder: Path) -> Path | None:
    """The submitted file: the one `.meta/config.json` names, else the exercise's file name
    (``parse_request_line.py``), else ``solution.py``, else the only Python file there."""
    suffix = ".sh" if exercise.kind.value == "git" else ".py"
    named: list[str] = []
    try:
        config = json.loads((folder / ".meta" / "config.json").read_text("utf-8"))
        named = [str(name) for name in config.get("files", {}).get("solution", [])]
    except (OSError, ValueError, AttributeError):
        pass
    for name in [*named, f"{exercise.slug.replace('-', '_')}{suffix}", f"solution{suffix}"]:
        if (folder / name).is_file():
            return folder / name
    found = [p for p in folder.glob(f"*{suffix}") if not p.name.endswith(f"_test{suffix}")]
    return found[0] if len(found) == 1 else None


def task_ids(exercise: Exercise) -> dict[str, int]:
    """Probe name → task number, from ``task = N`` on a ``[[test]]`` (imported exercises
    keep Exercism's ``@pytest.mark.task(taskno=N)``); tests without one are not linked."""
    try:
        raw = tomllib.loads((exercise.path / "tests.toml").read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    found = {}
    for item in raw.get("test", []):
        if isinstance(item, dict) and isinstance(item.get("task"), int):
            found[str(item.get("name"))] = int(item["task"])
    return found


def results(exercise: Exercise, report: GradeReport, tasks: dict[str, int]) -> dict[str, Any]:
    """``report`` in the interface's version-3 shape."""
    taken = {probe.name for probe in exercise.tests}
    probes = {listed_name(probe, taken): probe for probe in exercise.tests}
    if report.tests and all(t.status is TestStatus.NOT_RUN for t in report.tests):
        message = "\n\n".join(
            part for part in (report.summary, report.traceback, report.explanation) if part
        )
        return {"version": VERSION, "status": "error", "message": _text(message), "tests": []}
    tests = []
    for test in report.tests:
        probe = probes.get(test.name) or probes.get(test.name.rsplit(" (", 1)[0])
        entry: dict[str, Any] = {
            "name": test.name,
            "test_code": _test_code(test.hidden, probe.code if probe else "", test.message),
            "status": _STATUS[test.status],
            "message": _text(test.message) if test.status is not TestStatus.PASSED else None,
            "output": _output(test.stdout),
        }
        if probe is not None and probe.name in tasks:
            entry["task_id"] = tasks[probe.name]
        tests.append(entry)
    passed = all(t["status"] == "pass" for t in tests)
    body: dict[str, Any] = {"version": VERSION, "status": "pass" if passed else "fail"}
    body["message"] = None  # only for `error`, as the interface says
    body["tests"] = tests
    return body


def _test_code(hidden: bool, code: str, message: str) -> str:
    if hidden:
        return "# A hidden test: its code, input and expected result stay on the server."
    return code.strip()


def _output(stdout: str) -> str | None:
    if not stdout:
        return None
    return stdout if len(stdout) <= MAX_OUTPUT else stdout[:MAX_OUTPUT] + TRUNCATED


def _text(markdown: str) -> str:
    return terminal_text(markdown)[:MAX_MESSAGE] if markdown else ""


def register(app: typer.Typer) -> None:
    @app.command(name="run-tests")
    def run_tests(
        slug: Annotated[str, typer.Argument(help="The exercise.")],
        input_dir: Annotated[Path, typer.Argument(help="The folder holding the solution.")],
        output_dir: Annotated[Path, typer.Argument(help="Where to write results.json.")],
        curriculum: Annotated[
            Path | None,
            typer.Option("--curriculum", help="Curriculum folder (default: settings)."),
        ] = None,
    ) -> None:
        """Grade a solution folder and write results.json (Exercism test-runner interface v3).

        Exit code 0 whenever it graded (the verdict is in the file); 2 when the exercise or
        folder does not exist, 6 when the sandbox cannot run here.
        """
        settings = get_settings()
        catalog, _ = load_catalog(curriculum or settings.curriculum_dir)
        exercise = catalog.exercise(slug)
        output_dir.mkdir(parents=True, exist_ok=True)
        target = output_dir / "results.json"

        def write(body: dict[str, Any]) -> None:
            target.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", "utf-8")

        def refuse(message: str, code: int) -> NoReturn:
            write({"version": VERSION, "status": "error", "message": message, "tests": []})
            typer.echo(f"error: {message}", err=True)
            raise typer.Exit(code)

        if exercise is None:
            refuse(f"no exercise {slug!r} in the curriculum", 2)
        if not input_dir.is_dir():
            refuse(f"{input_dir} is not a folder", 2)
        solution = find_solution(exercise, input_dir)
        if solution is None:
            write(
                {
                    "version": VERSION,
                    "status": "error",
                    "message": f"no solution file found in the folder (expected "
                    f"{exercise.slug.replace('-', '_')}.py or solution.py)",
                    "tests": [],
                }
            )
            typer.echo(f"wrote {target} (error: no solution file)")
            return
        try:
            code = solution.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            refuse(f"cannot read {solution.name}: {error}", 2)
        try:
            sandbox = make_sandbox(settings)
        except SandboxUnavailable as error:
            refuse(f"cannot run the grading sandbox: {error}", 6)
        try:
            report = Grader(sandbox).grade(exercise, code)
        finally:
            sandbox.close()
        body = results(exercise, report, task_ids(exercise))
        write(body)
        typer.echo(f"wrote {target} ({body['status']}, {len(body['tests'])} tests)")
