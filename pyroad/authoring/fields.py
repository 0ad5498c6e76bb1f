"""The authoring form: an exercise as fields, turned into the curriculum's files and back.

The form is only a way of writing the folder format of ``curriculum/README.md``: every
field becomes a file (or a key of ``exercise.toml``), and the gate judges the files. Each
problem the gate reports names a file (and sometimes a key); ``field_of`` maps it back to the
form field it belongs to, so the page can show it next to that field.
"""

from __future__ import annotations

import json
import re
import tomllib
from typing import Any, Literal

from pydantic import BaseModel, Field

MAX_TEXT = 65_536  # one field (statement, code, tests): as large as a submission may be
MAX_SOLUTIONS = 12
META_FILE = "exercise.toml"
STATEMENT_FILE = "statement.md"
TESTS_FILE = "tests.toml"
TESTS_TEMPLATE = """\
setup = "from solution import my_function"

[[test]]
name = "an example from the statement"
code = "my_function(2)"
message = "Say the rule this test checks, in words a beginner can act on."
visible = true

[[test]]
name = "a hidden rule"
code = "my_function(0)"
message = "Hidden tests say only this message: state the rule, not the input or answer."
"""


class ExerciseFields(BaseModel):
    """Everything an author fills in. Loose on purpose: the gate, not pydantic, says what
    is wrong, so every problem can be shown next to its field."""

    slug: str = Field("", max_length=100)
    step: int | None = None
    title: str = Field("", max_length=200)
    order: int | None = 100
    difficulty: Literal["easy", "medium", "hard"] = "easy"
    minutes: int | None = 10
    kind: Literal["module", "program"] = "module"
    concepts: list[str] = Field(default_factory=list, max_length=20)
    lessons: list[str] = Field(default_factory=list, max_length=20)
    hints: list[str] = Field(default_factory=lambda: ["", "", ""], max_length=5)
    time_s: float | None = 5.0
    memory_mb: int | None = 256
    statement: str = Field("", max_length=MAX_TEXT)
    starter: str = Field("", max_length=MAX_TEXT)
    solution: str = Field("", max_length=MAX_TEXT)
    tests: str = Field(TESTS_TEMPLATE, max_length=MAX_TEXT)
    wrong: list[str] = Field(default_factory=lambda: ["", ""], max_length=MAX_SOLUTIONS)
    right: list[str] = Field(default_factory=list, max_length=MAX_SOLUTIONS)


def _toml_string(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's, but DEL must be escaped too)."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_list(values: list[str]) -> str:
    return "[" + ", ".join(_toml_string(v) for v in values) + "]"


def _clean(values: list[str]) -> list[str]:
    return [v.strip() for v in values if v.strip()]


def metadata_toml(fields: ExerciseFields) -> str:
    lines = [
        f"title = {_toml_string(fields.title.strip())}",
        f"order = {fields.order if fields.order is not None else 0}",
        f"difficulty = {_toml_string(fields.difficulty)}",
        f"minutes = {fields.minutes if fields.minutes is not None else 0}",
        f"kind = {_toml_string(fields.kind)}",
        f"concepts = {_toml_list(_clean(fields.concepts))}",
    ]
    if _clean(fields.lessons):
        lines.append(f"lessons = {_toml_list(_clean(fields.lessons))}")
    lines.append("hints = [")
    lines += [f"  {_toml_string(hint)}," for hint in _clean(fields.hints)]
    lines.append("]")
    lines += [
        "",
        "[limits]",
        f"time_s = {float(fields.time_s) if fields.time_s is not None else 5.0}",
        f"memory_mb = {fields.memory_mb if fields.memory_mb is not None else 256}",
    ]
    return "\n".join(lines) + "\n"


def to_files(fields: ExerciseFields) -> dict[str, str]:
    """The exercise folder's files (relative path -> text); the gate adds expected.json."""
    files = {
        META_FILE: metadata_toml(fields),
        STATEMENT_FILE: _text(fields.statement),
        "starter.py": _text(fields.starter),
        "solution.py": _text(fields.solution),
        TESTS_FILE: _text(fields.tests),
    }
    for folder, codes in (("wrong", fields.wrong), ("right", fields.right)):
        for index, code in enumerate(codes, start=1):
            if code.strip():
                files[f"{folder}/{folder}-{index}.py"] = _text(code)
    return files


def _text(value: str) -> str:
    value = value.replace("\r\n", "\n")
    return value if value.endswith("\n") or not value else value + "\n"


def from_files(slug: str, step: int, files: dict[str, str]) -> ExerciseFields:
    """The form for a published exercise (to edit it as a new draft)."""
    try:
        meta = tomllib.loads(files.get(META_FILE, ""))
    except tomllib.TOMLDecodeError:
        meta = {}
    limits = meta.get("limits", {}) if isinstance(meta.get("limits"), dict) else {}

    def solutions(folder: str) -> list[str]:
        return [text for path, text in sorted(files.items()) if path.startswith(f"{folder}/")]

    return ExerciseFields.model_validate(
        {
            "slug": slug,
            "step": step,
            "title": meta.get("title", ""),
            "order": meta.get("order"),
            "difficulty": meta.get("difficulty", "easy"),
            "minutes": meta.get("minutes"),
            "kind": meta.get("kind", "module"),
            "concepts": meta.get("concepts", []),
            "lessons": meta.get("lessons", []),
            "hints": meta.get("hints", []),
            "time_s": limits.get("time_s", 5.0),
            "memory_mb": limits.get("memory_mb", 256),
            "statement": files.get(STATEMENT_FILE, ""),
            "starter": files.get("starter.py", ""),
            "solution": files.get("solution.py", ""),
            "tests": files.get(TESTS_FILE, ""),
            "wrong": solutions("wrong"),
            "right": solutions("right"),
        }
    )


# Keys of exercise.toml that are form fields of their own ([limits] is two of them).
_META_KEYS = ("title", "order", "difficulty", "minutes", "kind", "concepts", "lessons", "hints")
_FILE_FIELDS = {
    STATEMENT_FILE: "statement",
    "starter.py": "starter",
    "solution.py": "solution",
    TESTS_FILE: "tests",
    "expected.json": "solution",  # pins come from the reference
    "mutants.toml": "tests",
    "mutation.json": "tests",
}
_NUMBERED = re.compile(r"^(wrong|right)/(wrong|right)-(\d+)\.py$")


def field_of(relative: str, message: str) -> str:
    """The form field a problem in ``relative`` (a path in the exercise folder) belongs to."""
    if relative in _FILE_FIELDS:
        return _FILE_FIELDS[relative]
    numbered = _NUMBERED.match(relative)
    if numbered:
        return f"{numbered.group(1)}.{int(numbered.group(3)) - 1}"
    if relative == META_FILE:
        lowered = message.lower()
        if lowered.startswith("hint") or "hints" in lowered:
            return "hints"
        if "limits" in lowered or "time_s" in lowered or "memory_mb" in lowered:
            return "time_s"
        for key in _META_KEYS:
            if f"'{key}'" in message or lowered.startswith(f"{key}:"):
                return key
        return "title"
    return "slug"  # the folder itself (its name, a malformed value)


def problem(field: str, message: str, file: str = "", line: int | None = None) -> dict[str, Any]:
    """One problem as the API and the page show it."""
    return {"field": field, "file": file, "line": line, "message": message}
