"""Loading content: broken files are named with their line and never stop the rest."""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pyroad.cli.main import app
from pyroad.curriculum.loader import load_catalog
from tests.conftest import CURRICULUM

STEP = CURRICULUM / "01-basics"
EXAMPLE = STEP / "exercises" / "parse-request-line"


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A one-step copy of the real course with one real exercise and one lesson."""
    root = tmp_path / "curriculum"
    step = root / "01-basics"
    (step / "exercises").mkdir(parents=True)
    (step / "lessons").mkdir()
    shutil.copy(STEP / "step.toml", step / "step.toml")
    # The lessons the exercise links to (exercise.toml `lessons`), so the copy is whole.
    linked = tomllib.loads((EXAMPLE / "exercise.toml").read_text(encoding="utf-8"))["lessons"]
    for slug in {"strings-and-requests", *linked}:
        shutil.copy(STEP / "lessons" / f"{slug}.md", step / "lessons")
    shutil.copytree(EXAMPLE, step / "exercises" / EXAMPLE.name)
    return root


def exercise_dir(course: Path) -> Path:
    return course / "01-basics" / "exercises" / EXAMPLE.name


def test_the_shipped_course_loads_without_problems() -> None:
    catalog, problems = load_catalog(CURRICULUM)
    assert problems == [], "\n".join(str(p) for p in problems)
    assert [step.number for step in catalog.steps] == list(range(1, 10))


def test_invalid_toml_names_file_and_line(course: Path) -> None:
    meta = exercise_dir(course) / "exercise.toml"
    meta.write_text(meta.read_text().replace('difficulty = "easy"', "difficulty = easy"))
    catalog, problems = load_catalog(course)
    assert catalog.exercise(EXAMPLE.name) is None
    [problem] = problems
    assert problem.path == meta and problem.line == 3
    assert "invalid TOML" in problem.message


def test_missing_field_and_bad_enum(course: Path) -> None:
    meta = exercise_dir(course) / "exercise.toml"
    meta.write_text(meta.read_text().replace('difficulty = "easy"', 'difficulty = "trivial"'))
    _, problems = load_catalog(course)
    assert "'difficulty' must be one of easy, medium, hard" in str(problems[0])


def test_test_without_message_names_the_test_line(course: Path) -> None:
    tests = exercise_dir(course) / "tests.toml"
    original = tests.read_text()
    second_test = original.index("[[test]]", original.index("[[test]]") + 1)
    second = original.index("message = ", second_test)
    text = original[:second] + original[original.index("\n", second) + 1 :]
    tests.write_text(text)
    _, problems = load_catalog(course)
    [problem] = problems
    assert problem.path == tests and "test #2: 'message' is missing" in problem.message
    assert problem.line == text.splitlines().index("[[test]]", 3) + 1


def test_one_broken_exercise_does_not_stop_the_others(course: Path) -> None:
    broken = course / "01-basics" / "exercises" / "broken-one"
    broken.mkdir()
    (broken / "exercise.toml").write_text('title = "Broken"\n')
    catalog, problems = load_catalog(course)
    assert catalog.exercise(EXAMPLE.name) is not None
    assert any("broken-one" in str(p.path) for p in problems)


def test_check_passes_on_a_good_exercise_and_fails_naming_a_broken_one(course: Path) -> None:
    runner = CliRunner()
    good = runner.invoke(app, ["curriculum", "check", str(course)])
    assert good.exit_code == 0, good.output
    assert re.search(
        r"1 steps, 1 exercises, \d+ lessons, \d+ wrong solutions rejected", good.output
    )
    # A "fix" that changes the reference's answers must be caught against expected.json.
    solution = exercise_dir(course) / "solution.py"
    solution.write_text(solution.read_text().replace("method.upper()", "method"))
    bad = runner.invoke(app, ["curriculum", "check", str(course)])
    assert bad.exit_code == 1
    assert f"{solution}: test 'method in upper case': the reference now gives" in bad.output
    assert "pins ('POST', '/orders', 'HTTP/1.1')" in bad.output


def test_missing_pinned_expectations_fail_until_updated(course: Path) -> None:
    (exercise_dir(course) / "expected.json").unlink()
    runner = CliRunner()
    missing = runner.invoke(app, ["curriculum", "check", str(course)])
    assert missing.exit_code == 1
    assert "expected.json is missing: run `pyroad curriculum check --update`" in missing.output
    assert runner.invoke(app, ["curriculum", "check", str(course), "--update"]).exit_code == 0
    assert runner.invoke(app, ["curriculum", "check", str(course)]).exit_code == 0


def test_check_rejects_a_wrong_solution_that_passes(course: Path) -> None:
    wrong = exercise_dir(course) / "wrong" / "actually-right.py"
    shutil.copy(exercise_dir(course) / "solution.py", wrong)
    result = CliRunner().invoke(app, ["curriculum", "check", str(course)])
    assert result.exit_code == 1
    assert f"{wrong}: this known-wrong solution passes every test" in result.output


def test_links_to_missing_lessons_are_reported(course: Path) -> None:
    lesson = course / "01-basics" / "lessons" / "strings-and-requests.md"
    lesson.write_text(lesson.read_text() + "\nSee [the next lesson](/lessons/no-such-lesson).\n")
    _, problems = load_catalog(course)
    [problem] = problems
    assert problem.path == lesson and "link to /lessons/no-such-lesson" in problem.message
    assert problem.line == len(lesson.read_text().splitlines())


def test_only_with_a_typo_fails_instead_of_checking_nothing(course: Path) -> None:
    result = CliRunner().invoke(
        app, ["curriculum", "check", str(course), "--only", "parse-reqest-line"]
    )
    assert result.exit_code == 1
    assert "--only 'parse-reqest-line' matches no exercise, lesson or step number" in result.output


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        ("exercise.toml", "time_s = 5", 'time_s = "fast"'),
        ("tests.toml", '[[test]]\nname = "a simple GET"', "[[test]]\nname = 7"),
    ],
)
def test_values_of_the_wrong_shape_are_reported_not_raised(
    course: Path, file: str, old: str, new: str
) -> None:
    path = exercise_dir(course) / file
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new))
    catalog, problems = load_catalog(course)
    assert catalog.exercise(EXAMPLE.name) is None
    assert problems and str(exercise_dir(course)) in str(problems[0])
