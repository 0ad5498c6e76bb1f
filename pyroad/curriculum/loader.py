"""Read the curriculum folder into a ``Catalog``, collecting precise problems on the way.

Broken content never stops the rest from loading: each broken lesson or exercise becomes
a ``ContentProblem`` naming the file and line, and is left out of the catalog. The
``curriculum check`` command turns problems into a non-zero exit; the server logs them.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyroad.curriculum.model import (
    DEFAULT_SAMPLE,
    EXPECTED_FILE,
    Catalog,
    Difficulty,
    Exercise,
    ExerciseKind,
    ExerciseLimits,
    Lesson,
    Probe,
    Step,
    Topic,
)

STEP_FOLDER = re.compile(r"^(0[1-9])-[a-z0-9-]+$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FRONT_MATTER = "+++"
MIN_HINTS, MAX_HINTS = 1, 5


@dataclass(frozen=True)
class ContentProblem:
    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"


class ContentError(Exception):
    """A content file is broken; carries the file, the line and what to fix."""

    def __init__(self, path: Path, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.problem = ContentProblem(path, line, message)


def load_catalog(root: Path) -> tuple[Catalog, list[ContentProblem]]:
    """Load every step under ``root``; return the catalog and every problem found."""
    problems: list[ContentProblem] = []
    if not root.is_dir():
        return Catalog(steps=[]), [ContentProblem(root, None, "curriculum folder not found")]
    steps: list[Step] = []
    seen_exercises: dict[str, Path] = {}
    seen_lessons: dict[str, Path] = {}
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        match = STEP_FOLDER.match(folder.name)
        if not match:
            continue
        try:
            steps.append(_load_step(folder, int(match.group(1)), problems))
        except ContentError as error:
            problems.append(error.problem)
    for step in steps:
        for exercise in step.exercises:
            _unique(exercise.slug, exercise.path, seen_exercises, "exercise", problems)
        for lesson in step.lessons:
            _unique(lesson.slug, lesson.path, seen_lessons, "lesson", problems)
    topics = _load_topics(root / "topics.toml", problems)
    catalog = Catalog(steps=steps, topics=topics)
    for exercise in catalog.exercises:
        for slug in exercise.lessons:
            if catalog.lesson(slug) is None:
                problems.append(
                    ContentProblem(
                        exercise.path / "exercise.toml",
                        None,
                        f"lessons: no lesson with slug {slug!r} (lesson slugs are file names "
                        "without .md)",
                    )
                )
    problems.extend(_broken_links(catalog))
    return catalog, problems


INTERNAL_LINK = re.compile(r"\]\(/(lessons|exercises)/([^)#?\s]+)")


def _broken_links(catalog: Catalog) -> list[ContentProblem]:
    """Markdown links to /lessons/SLUG or /exercises/SLUG must name existing content."""
    # Whole files (front matter included), so line numbers match what an editor shows.
    documents = [(lesson.path, _read_text(lesson.path)) for lesson in catalog.lessons]
    documents += [(e.path / "statement.md", e.statement) for e in catalog.exercises]
    problems = []
    for path, text in documents:
        for number, line in enumerate(text.splitlines(), start=1):
            for kind, slug in INTERNAL_LINK.findall(line):
                found = catalog.lesson(slug) if kind == "lessons" else catalog.exercise(slug)
                if found is None:
                    problems.append(
                        ContentProblem(path, number, f"link to /{kind}/{slug}: no such {kind[:-1]}")
                    )
    return problems


def _unique(
    slug: str, path: Path, seen: dict[str, Path], what: str, problems: list[ContentProblem]
) -> None:
    if slug in seen:
        problems.append(
            ContentProblem(path, None, f"{what} slug {slug!r} also used by {seen[slug]}")
        )
    seen[slug] = path


# Shapes TOML allows but the format does not (time_s = "fast", a [[test]] that is a string):
# reported against the file, never raised out of the loader.
_MALFORMED = (ValueError, TypeError, KeyError, AttributeError)


def _load_step(folder: Path, number: int, problems: list[ContentProblem]) -> Step:
    meta = _read_toml(folder / "step.toml")
    title = _required(meta, "title", str, folder / "step.toml")
    lessons: list[Lesson] = []
    for path in sorted((folder / "lessons").glob("*.md")):
        try:
            lessons.append(load_lesson(path, number))
        except ContentError as error:
            problems.append(error.problem)
        except _MALFORMED as error:  # a value of the wrong shape the checks above missed
            problems.append(ContentProblem(path, None, f"malformed content: {error!r}"))
    exercises: list[Exercise] = []
    exercise_root = folder / "exercises"
    for path in (
        sorted(p for p in exercise_root.iterdir() if p.is_dir()) if exercise_root.is_dir() else []
    ):
        try:
            exercises.append(load_exercise(path, number))
        except ContentError as error:
            problems.append(error.problem)
        except _MALFORMED as error:
            problems.append(ContentProblem(path, None, f"malformed content: {error!r}"))
    return Step(
        number=number,
        slug=folder.name,
        title=title,
        summary=str(meta.get("summary", "")),
        lessons=tuple(sorted(lessons, key=lambda item: (item.order, item.slug))),
        exercises=tuple(sorted(exercises, key=lambda item: (item.order, item.slug))),
    )


def load_lesson(path: Path, step: int) -> Lesson:
    text = _read_text(path)
    lines = text.splitlines()
    if not lines or lines[0].strip() != FRONT_MATTER:
        raise ContentError(path, "a lesson starts with TOML front matter between '+++' lines", 1)
    try:
        end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() == FRONT_MATTER)
    except StopIteration:
        raise ContentError(path, "front matter is not closed by a '+++' line", 1) from None
    meta = _parse_toml("\n".join(lines[1:end]), path, line_offset=1)
    _check_slug(path.stem, path)
    return Lesson(
        slug=path.stem,
        step=step,
        title=_required(meta, "title", str, path),
        order=_required(meta, "order", int, path),
        concepts=tuple(_string_list(meta, "concepts", path)),
        topics=tuple(_string_list(meta, "topics", path, required=False)),
        body="\n".join(lines[end + 1 :]).strip() + "\n",
        path=path,
    )


def load_exercise(folder: Path, step: int) -> Exercise:
    _check_slug(folder.name, folder)
    meta_path = folder / "exercise.toml"
    meta = _read_toml(meta_path)
    kind = _enum(meta, "kind", ExerciseKind, meta_path, default=ExerciseKind.MODULE)
    suffix = ".sh" if kind is ExerciseKind.GIT else ".py"
    tests_path = folder / "tests.toml"
    tests_meta = _read_toml(tests_path)
    probes = _probes(tests_meta, tests_path)
    pinned, pools = _pinned(folder / EXPECTED_FILE)
    hints = _string_list(meta, "hints", meta_path)
    if not MIN_HINTS <= len(hints) <= MAX_HINTS:
        raise ContentError(
            meta_path, f"hints: give {MIN_HINTS} to {MAX_HINTS} hints, found {len(hints)}"
        )
    wrong = _solutions(folder / "wrong", suffix)
    right = _solutions(folder / "right", suffix)
    limits = meta.get("limits", {})
    if not isinstance(limits, dict):
        raise ContentError(
            meta_path, "limits must be a table: [limits] time_s = 5, memory_mb = 256"
        )
    return Exercise(
        slug=folder.name,
        step=step,
        title=_required(meta, "title", str, meta_path),
        order=_required(meta, "order", int, meta_path),
        difficulty=_enum(meta, "difficulty", Difficulty, meta_path),
        minutes=_required(meta, "minutes", int, meta_path),
        concepts=tuple(_string_list(meta, "concepts", meta_path)),
        hints=tuple(hints),
        kind=kind,
        statement=_read_text(folder / "statement.md"),
        starter=_read_text(folder / f"starter{suffix}"),
        solution=_read_text(folder / f"solution{suffix}"),
        setup=str(tests_meta.get("setup", "")),
        setup_repo=str(tests_meta.get("setup_repo", "")),
        tests=probes,
        wrong_solutions=wrong,
        right_solutions=right,
        limits=ExerciseLimits(
            time_s=float(limits.get("time_s", ExerciseLimits.time_s)),
            memory_mb=int(limits.get("memory_mb", ExerciseLimits.memory_mb)),
        ),
        lessons=tuple(_string_list(meta, "lessons", meta_path, required=False)),
        project=bool(meta.get("project", False)),
        path=folder,
        pinned=pinned,
        pinned_pools=pools,
    )


def _solutions(folder: Path, suffix: str) -> tuple[tuple[str, str], ...]:
    """(file stem, code) for each solution file in ``wrong/`` or ``right/``."""
    if not folder.is_dir():
        return ()
    return tuple((path.stem, _read_text(path)) for path in sorted(folder.glob(f"*{suffix}")))


_REGENERATE = "regenerate it with `pyroad curriculum check --update`"


def _pinned(path: Path) -> tuple[dict[str, Any] | None, dict[str, list[dict[str, Any]]] | None]:
    """The pinned observations of fixed probes, and the pinned cases of randomised ones."""
    if not path.exists():
        return None, None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise ContentError(path, f"invalid JSON ({error}); {_REGENERATE}") from None
    tests = data.get("tests") if isinstance(data, dict) else None
    if not isinstance(tests, dict):
        raise ContentError(path, f"expected a 'tests' object; {_REGENERATE}")
    pools = data.get("pools", {})
    if not isinstance(pools, dict) or not all(
        isinstance(cases, list)
        and all(isinstance(c, dict) and {"case", "expected"} <= c.keys() for c in cases)
        for cases in pools.values()
    ):
        raise ContentError(
            path, f"'pools' must map probe names to lists of {{case, expected}}; {_REGENERATE}"
        )
    return tests, pools


def _probes(meta: dict[str, Any], path: Path) -> tuple[Probe, ...]:
    raw = meta.get("test")
    if not isinstance(raw, list) or not raw:
        raise ContentError(path, "no tests: add [[test]] tables with name, code and message")
    text = _read_text(path).splitlines()
    header_lines = [i + 1 for i, line in enumerate(text) if line.strip() == "[[test]]"]
    probes: list[Probe] = []
    names: set[str] = set()
    for index, item in enumerate(raw):
        line = header_lines[index] if index < len(header_lines) else None
        for key in ("name", "code", "message"):
            value = item.get(key)
            if not isinstance(value, str) or not value.strip():
                raise ContentError(path, f"test #{index + 1}: '{key}' is missing or empty", line)
        if item["name"] in names:
            raise ContentError(path, f"test name {item['name']!r} is used twice", line)
        names.add(item["name"])
        try:
            compile(item["code"], f"{path}:{item['name']}", "exec")
        except SyntaxError as error:
            raise ContentError(
                path, f"test {item['name']!r}: code does not compile: {error.msg}", line
            ) from None
        probes.append(
            Probe(
                name=item["name"],
                code=item["code"],
                message=item["message"].strip(),
                line=line or 0,
                **_probe_options(item, path, line),
                **_probe_presentation(item, path, line),
            )
        )
    return tuple(probes)


def _probe_presentation(item: dict[str, Any], path: Path, line: int | None) -> dict[str, Any]:
    """``shows`` and ``labels`` of one [[test]], checked: what the learner reads about it."""
    name = item["name"]
    shows = item.get("shows", "")
    if not isinstance(shows, str) or ("shows" in item and not shows.strip()):
        raise ContentError(
            path, f"test {name!r}: 'shows' must be a non-empty string (Markdown)", line
        )
    labels = item.get("labels", [])
    if not isinstance(labels, list) or not all(
        isinstance(label, str) and label.strip() for label in labels
    ):
        raise ContentError(
            path,
            f'test {name!r}: \'labels\' must be a list of names, e.g. ["status", "body"]',
            line,
        )
    if "labels" in item and len(labels) < 2:
        raise ContentError(
            path, f"test {name!r}: 'labels' names the parts of a tuple: give two or more", line
        )
    if len(set(labels)) != len(labels):
        raise ContentError(path, f"test {name!r}: 'labels' has a name twice", line)
    return {"shows": shows.strip(), "labels": tuple(label.strip() for label in labels)}


def _probe_options(item: dict[str, Any], path: Path, line: int | None) -> dict[str, Any]:
    """``visible``, ``pool`` and ``sample`` of one [[test]], checked."""
    name = item["name"]
    visible = item.get("visible", False)
    if not isinstance(visible, bool):
        raise ContentError(path, f"test {name!r}: 'visible' must be true or false", line)
    pool = item.get("pool", "")
    sample = item.get("sample", DEFAULT_SAMPLE)
    if not isinstance(pool, str):
        raise ContentError(path, f"test {name!r}: 'pool' must be a Python expression", line)
    if not pool.strip():
        if "sample" in item:
            raise ContentError(path, f"test {name!r}: 'sample' needs a 'pool'", line)
        return {"visible": visible}
    if visible:
        raise ContentError(
            path, f"test {name!r}: randomised tests (with a 'pool') are always hidden", line
        )
    if not isinstance(sample, int) or isinstance(sample, bool) or sample < 1:
        raise ContentError(path, f"test {name!r}: 'sample' must be a whole number ≥ 1", line)
    try:
        compile(pool.strip(), f"{path}:{name}:pool", "eval")
    except SyntaxError as error:
        raise ContentError(
            path, f"test {name!r}: pool is not a Python expression: {error.msg}", line
        ) from None
    return {"visible": False, "pool": pool.strip(), "sample": sample}


def _load_topics(path: Path, problems: list[ContentProblem]) -> list[Topic]:
    if not path.exists():
        return []
    try:
        meta = _read_toml(path)
    except ContentError as error:
        problems.append(error.problem)
        return []
    try:
        return [
            Topic(id=str(item["id"]), step=int(item["step"]), name=str(item["name"]))
            for item in meta.get("topic", [])
        ]
    except _MALFORMED as error:
        problems.append(
            ContentProblem(path, None, f"each [[topic]] needs id, step, name: {error!r}")
        )
        return []


# --------------------------------------------------------------------------- helpers


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(path, "file is missing") from None
    except UnicodeDecodeError as error:
        raise ContentError(path, f"not valid UTF-8 (byte {error.start})") from None


def _read_toml(path: Path) -> dict[str, Any]:
    return _parse_toml(_read_text(path), path)


def _parse_toml(text: str, path: Path, line_offset: int = 0) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"at line (\d+)", str(error))
        line = int(match.group(1)) + line_offset if match else None
        raise ContentError(path, f"invalid TOML: {error}", line) from None


def _required(meta: dict[str, Any], key: str, kind: type, path: Path) -> Any:
    value = meta.get(key)
    if value is None:
        raise ContentError(path, f"'{key}' is required")
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ContentError(path, f"'{key}' must be a {kind.__name__}, got {value!r}")
    return value


def _string_list(meta: dict[str, Any], key: str, path: Path, *, required: bool = True) -> list[str]:
    value = meta.get(key)
    if value is None and not required:
        return []
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise ContentError(path, f"'{key}' must be a non-empty list of strings")
    return value


def _enum(meta: dict[str, Any], key: str, enum: Any, path: Path, default: Any = None) -> Any:
    value = meta.get(key, default)
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        raise ContentError(path, f"'{key}' must be one of {allowed}, got {value!r}") from None


def _check_slug(slug: str, path: Path) -> None:
    if not SLUG.match(slug):
        raise ContentError(path, f"name {slug!r} must be lowercase words joined by '-'")
