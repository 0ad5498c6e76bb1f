"""A downloaded exercise folder: what `pyroad download` writes, `pyroad test` and `submit` read.

    parse-request-line/
        README.md                  the statement, then how to test and submit
        parse_request_line.py      the starter: the learner's file
        EXAMPLES.md                the visible tests (what each does, its code, what it expects)
        .pyroad/exercise.json      the package (pyroad.curriculum.download) and the server

`pyroad test` grades the learner's file on the visible probes with the server's judge
(``Grader``) in the same sandbox; hidden tests run only on submit.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pyroad.config import Settings
from pyroad.curriculum.download import PackageError, exercise_from_package
from pyroad.grading.factory import make_sandbox
from pyroad.grading.grader import Grader, GradeReport, shown_for
from pyroad.grading.sandbox import Sandbox
from pyroad.grading.visible import expectation, lead

META_DIR = ".pyroad"
META_FILE = "exercise.json"


@dataclass(frozen=True)
class Workdir:
    folder: Path
    server: str
    package: dict[str, Any]

    @property
    def slug(self) -> str:
        return str(self.package["slug"])

    @property
    def file(self) -> Path:
        return self.folder / file_name(self.package)


def file_name(package: dict[str, Any]) -> str:
    suffix = ".sh" if package.get("kind") == "git" else ".py"
    return f"{str(package['slug']).replace('-', '_')}{suffix}"


def write(folder: Path, server: str, package: dict[str, Any], code: str) -> list[Path]:
    """Write the folder; the learner's file is kept when it exists. Returns files written.
    Raises ``PackageError`` before writing anything when the package cannot be read."""
    examples_text = _examples(package, folder)
    (folder / META_DIR).mkdir(parents=True, exist_ok=True)
    written = []
    meta = folder / META_DIR / META_FILE
    meta.write_text(json.dumps({"server": server, "package": package}, indent=1), "utf-8")
    readme = folder / "README.md"
    readme.write_text(_readme(package), "utf-8")
    written.append(readme)
    examples = folder / "EXAMPLES.md"
    examples.write_text(examples_text, "utf-8")
    written.append(examples)
    learner = folder / file_name(package)
    if not learner.exists():
        learner.write_text(code, "utf-8")
        written.append(learner)
    return written


def find(start: Path) -> Workdir | None:
    """The downloaded exercise holding ``start`` (a file or folder), looking upwards."""
    here = start.resolve()
    for folder in [here, *here.parents] if here.is_dir() else list(here.parents):
        meta = folder / META_DIR / META_FILE
        if meta.is_file():
            try:
                data = json.loads(meta.read_text("utf-8"))
                return Workdir(folder, str(data["server"]), dict(data["package"]))
            except (OSError, ValueError, KeyError, TypeError):
                raise PackageError(f"{meta} is damaged: download the exercise again") from None
    return None


def grade_visible(workdir: Workdir, code: str, settings: Settings) -> GradeReport:
    """Grade ``code`` on the visible probes, as the server grades them (raises
    ``SandboxUnavailable`` when this machine cannot run the sandbox)."""
    sandbox = make_sandbox(settings)
    try:
        return grade_package(workdir.package, workdir.folder, code, sandbox)
    finally:
        sandbox.close()


def grade_package(
    package: dict[str, Any], folder: Path, code: str, sandbox: Sandbox
) -> GradeReport:
    """The server's ``Grader`` on the package's visible probes and pinned expectations."""
    return Grader(sandbox).grade(exercise_from_package(package, folder), code)


def result_json(report: GradeReport) -> dict[str, Any]:
    """The report in the API's shape (``SubmissionOut``'s verdict, summary and tests)."""
    return {
        "verdict": report.verdict.value,
        "summary": report.summary,
        "traceback": report.traceback,
        "explanation": report.explanation,
        "tests": [{**asdict(test), "status": test.status.value} for test in report.tests],
    }


def _readme(package: dict[str, Any]) -> str:
    hidden = int(package.get("tests_hidden") or 0)
    name = file_name(package)
    return (
        f"# {package['title']}\n\n{str(package['statement']).strip()}\n\n---\n\n"
        f"Write your code in `{name}`. Limits: {package['limits']['time_s']:g} s, "
        f"{package['limits']['memory_mb']} MB.\n\n"
        f"- `pyroad test` runs the {len(package['tests'])} visible tests (EXAMPLES.md) here, "
        "in the same sandbox and with the same judge as the server.\n"
        f"- `pyroad submit` sends it to the server, which also runs {hidden} hidden "
        "test(s): their inputs and expected results are not shown.\n"
    )


def _examples(package: dict[str, Any], folder: Path) -> str:
    """The visible tests as a learner reads them before a first try: what each does, its
    code, what it expects (worded as the feedback words it) and the rule it checks."""
    exercise = exercise_from_package(package, folder)
    probes = {probe.name: probe for probe in exercise.tests}
    lines = [f"# Visible tests of {package['slug']}\n"]
    for test in package["tests"]:
        lines.append(f"## {test['name']}\n")
        probe = probes[str(test["name"])]
        shown = shown_for(probe, exercise)
        if shown.shows:
            lines.append(f"{lead(shown, probe.code)}\n")
        lines.append(f"```python\n{probe.code.strip()}\n```\n")
        if test.get("expected") is not None:
            lines.append(f"{expectation(shown, test['expected'])}\n")
        lines.append(f"{test['message']}\n")
    hidden = int(package.get("tests_hidden") or 0)
    lines.append(f"Plus {hidden} hidden test(s), run only when you submit.\n")
    return "\n".join(lines)
