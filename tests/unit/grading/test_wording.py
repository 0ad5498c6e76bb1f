"""Markdown pieces of feedback and the automatic description of a test."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyroad.curriculum.model import Difficulty, Exercise, ExerciseKind, ExerciseLimits, Probe
from pyroad.grading.shows import derive_shows
from pyroad.grading.wording import block, code, text_difference

SOLUTION = "def parse_port(text):\n    return int(text)\n\nLIMIT = 3\n"


def task(setup: str, kind: ExerciseKind = ExerciseKind.MODULE) -> Exercise:
    return Exercise(
        slug="t",
        step=1,
        title="T",
        order=1,
        difficulty=Difficulty.EASY,
        minutes=1,
        concepts=(),
        hints=("h",),
        kind=kind,
        statement="",
        starter="",
        solution=SOLUTION,
        setup=setup,
        setup_repo="",
        tests=(),
        wrong_solutions=(),
        limits=ExerciseLimits(),
        lessons=(),
        project=False,
        path=Path("/nonexistent"),
    )


IMPORTED = task("from solution import parse_port")


@pytest.mark.parametrize(
    ("probe_code", "described"),
    [
        ("parse_port('8080')", "calls `parse_port('8080')`"),
        ("parse_port(text='80')", "calls `parse_port(text='80')`"),
        ("solution.parse_port('1')", "calls `parse_port('1')`"),
        ('parse_port("it\'s `x`")', 'calls ``parse_port("it\'s `x`")``'),
        # Not a single call of the learner's function with plain values: needs `shows`.
        ("parse_port(str(80))", None),
        ("x = parse_port('1')\nx + 1", None),
        ("helper(parse_port('1'))", None),
        ("len('abc')", None),
    ],
)
def test_a_single_call_of_the_learners_function_is_described(
    probe_code: str, described: str | None
) -> None:
    assert derive_shows(Probe("p", probe_code, "m", 1, visible=True), IMPORTED) == described


def test_a_setup_helper_of_the_same_name_is_not_the_learners() -> None:
    wrapped = task("from solution import parse_port as _p\ndef parse_port(t):\n    return _p(t)\n")
    assert derive_shows(Probe("p", "parse_port('1')", "m", 1), wrapped) is None


@pytest.mark.parametrize(
    ("probe_code", "described"),
    [
        ("run_program(stdin='orders\\n8000\\n')", "runs your program and types: `orders`, `8000`"),
        ("run_program('a\\n\\nb')", "runs your program and types: `a`, an empty line, `b`"),
        ("run_program(stdin=' 7 \\n')", "runs your program and types: `␣7␣`"),
        ("run_program()", "runs your program (no input)"),
        ("run_program(stdin='')", "runs your program (no input)"),
        ("run_program(stdin=lines())", None),
    ],
)
def test_a_program_run_is_described_by_what_is_typed(
    probe_code: str, described: str | None
) -> None:
    program = task("", ExerciseKind.PROGRAM)
    assert derive_shows(Probe("p", probe_code, "m", 1), program) == described


def test_code_spans_hold_any_text() -> None:
    assert code("x") == "`x`"
    assert code("a`b") == "``a`b``"
    assert code("`x") == "`` `x ``"
    assert code(" x ") == "`  x  `"  # Markdown strips one space on each side
    assert code("a\nb") == "`a↵b`"
    assert code("") == "(empty text)"


def test_blocks_stand_apart_and_say_nothing_when_empty() -> None:
    assert block("a\nb\n") == "\n    a\n    b\n"
    assert block("") == "\n    (nothing)\n"


@pytest.mark.parametrize(
    ("expected", "got", "at", "sentence"),
    [
        ("Total: 5", "Total:5", 6, "At character 7 (after `Total:`): expected a space, got `5`."),
        ("a\tb", "a b", 1, "At character 2 (after `a`): expected a tab, got a space."),
        # The quote is cut mid-text: a space it would start with is left out, not padded.
        (
            "3 x coffee @ 2.50 = 7.50",
            "3 x coffee @ 2.50 = 7.5",
            23,
            "At character 24 (after `coffee @ 2.50 = 7.5`), your text stops: expected `0` next.",
        ),
        ("ok\nbye\n", "ok\nBye\n", 3, "On line 2, character 1: expected `b`, got `B`."),
        (
            "ok\n",
            "ok",
            2,
            "On line 1, character 3 (after `ok`), your text stops: expected a line break",
        ),
        ("ok", "ok  ", 2, "the expected text ends but yours goes on with a space."),
        ("Hello", "hello", 0, "Only upper and lower case differ."),
        ("a b", "a  b", 2, "Only the spacing (spaces, tabs or line breaks) differs."),
        ("abc", "", 0, "The expected text starts with `a`; yours is empty."),
    ],
)
def test_a_text_difference_is_said_in_words(
    expected: str, got: str, at: int, sentence: str
) -> None:
    found_at, said = text_difference(expected, got)
    assert found_at == at and sentence in said, said
