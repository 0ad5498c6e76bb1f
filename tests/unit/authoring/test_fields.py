"""The form becomes the curriculum's files, and each gate problem finds its field again."""

from __future__ import annotations

import tomllib

from pyroad.authoring.fields import ExerciseFields, field_of, from_files, to_files
from tests.authoring_samples import fields


def test_the_form_round_trips_through_the_files() -> None:
    form = ExerciseFields.model_validate(fields(title='Quotes " and \\ and ✓\x7f'))
    files = to_files(form)
    assert sorted(files) == [
        "exercise.toml", "right/right-1.py", "solution.py", "starter.py", "statement.md",
        "tests.toml", "wrong/wrong-1.py", "wrong/wrong-2.py",
    ]  # fmt: skip
    meta = tomllib.loads(files["exercise.toml"])
    assert meta["title"] == 'Quotes " and \\ and ✓\x7f'
    assert meta["limits"] == {"time_s": 5.0, "memory_mb": 256}
    again = from_files(form.slug, 2, files)
    assert again == form


def test_empty_solutions_and_hints_are_left_out() -> None:
    form = ExerciseFields.model_validate(fields(wrong=["", "x = 1"], hints=["a", " ", "b"]))
    files = to_files(form)
    assert "wrong/wrong-1.py" not in files and "wrong/wrong-2.py" in files
    assert tomllib.loads(files["exercise.toml"])["hints"] == ["a", "b"]


def test_problems_map_to_their_field() -> None:
    assert field_of("wrong/wrong-2.py", "passes every test") == "wrong.1"
    assert field_of("right/right-1.py", "is failed") == "right.0"
    assert field_of("tests.toml", "test 'x': code does not compile") == "tests"
    assert field_of("expected.json", "pins") == "solution"
    assert field_of("exercise.toml", "'minutes' must be a int, got 'x'") == "minutes"
    assert field_of("exercise.toml", "hints: give 1 to 5 hints, found 0") == "hints"
    assert field_of("exercise.toml", "hint 1 must be a nudge without code") == "hints"
    assert field_of("statement.md", "link to /lessons/x: no such lesson") == "statement"
    assert field_of("", "malformed content") == "slug"
