"""Authored exercises through the same gate as ``pyroad curriculum check``.

The files are written into a scratch curriculum folder and judged by the curriculum's own
loader, ``check_exercise`` and the mutation gate, plus the checks ``load_catalog`` makes
across the course (unique slug, lessons that exist, links that resolve) against the running
catalog. Nothing here has rules of its own beyond the slug and step of the folder.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyroad.authoring import fields as form
from pyroad.curriculum.check import check_exercise
from pyroad.curriculum.loader import (
    INTERNAL_LINK,
    SLUG,
    ContentError,
    ContentProblem,
    load_exercise,
)
from pyroad.curriculum.model import EXPECTED_FILE, Catalog
from pyroad.curriculum.mutation.checking import gate_checks
from pyroad.grading.grader import Grader

STEPS = range(1, 10)
# What an exercise folder may hold (anything else is refused: it would never be read).
ALLOWED_TOP = frozenset(
    {
        form.META_FILE,
        form.STATEMENT_FILE,
        form.TESTS_FILE,
        "starter.py",
        "solution.py",
        EXPECTED_FILE,
        "mutants.toml",
        "mutation.json",
    }
)
MAX_FILES = 60
MAX_FILE_BYTES = 256 * 1024
MAX_TOTAL_BYTES = 2 * 1024 * 1024


@dataclass
class GateResult:
    problems: list[dict[str, Any]] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # as checked, pins included

    @property
    def ok(self) -> bool:
        return not self.problems


def file_problems(files: dict[str, str]) -> list[dict[str, Any]]:
    """Paths and sizes of an exercise's files (an upload's, or the form's)."""
    found = []
    if len(files) > MAX_FILES:
        found.append(form.problem("slug", f"{len(files)} files; an exercise may have {MAX_FILES}"))
    total = 0
    for path, text in files.items():
        size = len(text.encode("utf-8", errors="surrogatepass"))
        total += size
        parts = path.split("/")
        allowed = path in ALLOWED_TOP or (
            len(parts) == 2 and parts[0] in ("wrong", "right") and SLUG.match(parts[1][:-3] or "-")
            and parts[1].endswith(".py")
        )  # fmt: skip
        if not allowed:
            found.append(
                form.problem(
                    "slug",
                    f"{path}: not part of an exercise folder (exercise.toml, statement.md, "
                    "starter.py, solution.py, tests.toml, expected.json, mutants.toml, "
                    "mutation.json, wrong/NAME.py, right/NAME.py)",
                    path,
                )
            )
        if size > MAX_FILE_BYTES:
            found.append(
                form.problem(
                    form.field_of(path, ""),
                    f"{path} is {size} bytes; a file may be {MAX_FILE_BYTES // 1024} KiB",
                    path,
                )
            )
        if "\x00" in text:
            found.append(form.problem(form.field_of(path, ""), f"{path} contains NUL", path))
    if total > MAX_TOTAL_BYTES:
        found.append(
            form.problem("slug", f"the files add up to {total} bytes; at most {MAX_TOTAL_BYTES}")
        )
    return found


def check_files(
    grader: Grader,
    catalog: Catalog,
    slug: str,
    step: int | None,
    files: dict[str, str],
    *,
    pin: bool = True,
    replaces: frozenset[str] = frozenset(),
    workers: int = 1,
) -> GateResult:
    """Judge one exercise's files; ``pin`` regenerates expected.json from the reference
    (the form), else a present expected.json must still hold (an upload, like ``check``).

    ``replaces``: slugs this exercise may take over in ``catalog`` (its own earlier
    versions); any other exercise with the slug is a collision.
    """
    result = GateResult(problems=file_problems(files))
    if not SLUG.match(slug):
        result.problems.append(
            form.problem("slug", f"slug {slug!r} must be lowercase words joined by '-'")
        )
    if step not in STEPS:
        result.problems.append(form.problem("step", "choose the roadmap step, 1 to 9"))
    existing = catalog.exercise(slug)
    if existing is not None and slug not in replaces:
        result.problems.append(
            form.problem(
                "slug",
                f"slug {slug!r} is already used by the exercise {existing.title!r}; "
                "slugs are unique across the course",
            )
        )
    if result.problems:
        return result
    assert step is not None
    with tempfile.TemporaryDirectory(prefix="pyroad-author-") as scratch:
        root = Path(scratch)
        step_folder = root / f"{step:02d}-authored"
        step_folder.mkdir()
        (step_folder / "step.toml").write_text('title = "authored"\n', encoding="utf-8")
        folder = step_folder / "exercises" / slug
        write_folder(folder, files)
        result.problems += _gate(grader, catalog, folder, step, root, pin=pin, workers=workers)
        result.files = read_folder(folder)
    return result


def _gate(
    grader: Grader,
    catalog: Catalog,
    folder: Path,
    step: int,
    root: Path,
    *,
    pin: bool,
    workers: int,
) -> list[dict[str, Any]]:
    def converted(problem: ContentProblem) -> dict[str, Any]:
        relative = (
            problem.path.relative_to(folder).as_posix() if problem.path.is_relative_to(folder)
            else ""
        )  # fmt: skip
        return form.problem(
            form.field_of(relative, problem.message), problem.message, relative, problem.line
        )

    try:
        exercise = load_exercise(folder, step)
    except ContentError as error:
        return [converted(error.problem)]
    except (ValueError, TypeError, KeyError, AttributeError) as error:  # as the loader does
        return [form.problem("slug", f"malformed content: {error!r}")]
    found: list[dict[str, Any]] = []
    for lesson in exercise.lessons:
        if catalog.lesson(lesson) is None:
            found.append(
                form.problem(
                    "lessons",
                    f"no lesson with slug {lesson!r} (see the roadmap for lesson slugs)",
                    form.META_FILE,
                )
            )
    for number, line in enumerate(exercise.statement.splitlines(), start=1):
        for kind, target in INTERNAL_LINK.findall(line):
            known = catalog.lesson(target) if kind == "lessons" else catalog.exercise(target)
            if known is None and not (kind == "exercises" and target == exercise.slug):
                message = f"link to /{kind}/{target}: no such {kind[:-1]}"
                found.append(form.problem("statement", message, form.STATEMENT_FILE, number))
    if pin and (folder / EXPECTED_FILE).exists():
        (folder / EXPECTED_FILE).unlink()  # the form's pins always come from its reference
    update = pin or not (folder / EXPECTED_FILE).exists()
    check = check_exercise(grader, exercise, update=update)
    found += [converted(problem) for problem in check.problems]
    if not check.problems:  # the mutation gate judges probes that already work
        gate_checks([check], grader, workers=workers, reload_from=root if update else None)
        found += [converted(problem) for problem in check.problems]
    return found


def write_folder(folder: Path, files: dict[str, str]) -> None:
    """Write checked relative paths (see ``file_problems``) under ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for relative, text in files.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def read_folder(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
