"""The mutation cache's hash: it follows what decides outcomes, not what a learner reads."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from pyroad.curriculum.loader import load_exercise
from pyroad.curriculum.model import Exercise
from pyroad.curriculum.mutation.cache import content_hash

SHIPPED = Path(__file__).parents[3] / "curriculum" / "01-basics" / "exercises" / "parse-port"


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "parse-port"
    shutil.copytree(SHIPPED, folder)
    return folder


def _with_probe(exercise: Exercise, **changes: object) -> Exercise:
    first, *rest = exercise.tests
    return replace(exercise, tests=(replace(first, **changes), *rest))  # type: ignore[arg-type]


def test_presentation_fields_leave_the_hash_unchanged(tmp_path: Path) -> None:
    exercise = load_exercise(_copy(tmp_path), 1)
    before = content_hash(exercise)
    assert content_hash(_with_probe(exercise, message="Reworded, for a beginner.")) == before
    assert content_hash(_with_probe(exercise, shows="calls `parse_port('8080')`")) == before
    assert content_hash(_with_probe(exercise, labels=("status", "body"))) == before
    assert content_hash(_with_probe(exercise, visible=not exercise.tests[0].visible)) == before
    assert content_hash(_with_probe(exercise, line=999)) == before


def test_rewording_tests_toml_on_disk_leaves_the_hash_unchanged(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    before = content_hash(load_exercise(folder, 1))
    tests = folder / "tests.toml"
    text = tests.read_text(encoding="utf-8")
    # A comment on top (moves every line number), a new message, shows and labels.
    edited = "# reviewed for beginners\n\n" + text.replace(
        "[[test]]\n", '[[test]]\nshows = "calls `parse_port`"\nlabels = ["a", "b"]\n', 1
    )
    first_message = load_exercise(folder, 1).tests[0].message
    edited = edited.replace(first_message, "Said differently.", 1)
    tests.write_text(edited, encoding="utf-8")
    reloaded = load_exercise(folder, 1)
    assert reloaded.tests[0].message == "Said differently."
    assert reloaded.tests[0].shows == "calls `parse_port`"
    assert content_hash(reloaded) == before


def test_what_decides_outcomes_changes_the_hash(tmp_path: Path) -> None:
    exercise = load_exercise(_copy(tmp_path), 1)
    before = content_hash(exercise)
    first = exercise.tests[0]
    assert content_hash(_with_probe(exercise, code=first.code + " or True")) != before
    assert content_hash(_with_probe(exercise, name=first.name + " (renamed)")) != before
    assert content_hash(_with_probe(exercise, pool="[1, 2]")) != before
    assert content_hash(replace(exercise, solution=exercise.solution + "\n# x\n")) != before
    assert content_hash(replace(exercise, setup="X = 1\n")) != before
    (exercise.path / "expected.json").write_text('{"tests": {}}\n', encoding="utf-8")
    assert content_hash(exercise) != before
