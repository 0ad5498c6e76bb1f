"""What `pyroad download` receives: the visible part of an exercise, nothing hidden."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyroad.curriculum.download import (
    PackageError,
    exercise_from_package,
    package,
    visible_setup,
)
from pyroad.curriculum.model import Difficulty, Exercise, ExerciseKind, ExerciseLimits, Probe

SETUP = """from solution import parse, helper_the_learner_writes
import json

HIDDEN_INPUTS = ["only", "hidden", "tests", "use", "these"]


def check_hidden(value):
    return parse(value) in HIDDEN_INPUTS


EXAMPLE = json.dumps({"a": 1})


@staticmethod
def shown(value):
    return parse(EXAMPLE) + value
"""


def _exercise() -> Exercise:
    return Exercise(
        slug="parse-things", step=1, title="Parse things", order=1,
        difficulty=Difficulty.EASY, minutes=5, concepts=("strings",), hints=("Look.",),
        kind=ExerciseKind.MODULE, statement="Write `parse`.", starter="def parse(x):\n    pass\n",
        solution="def parse(x):\n    return x.strip()\n\n\ndef _private():\n    pass\n",
        setup=SETUP, setup_repo="",
        tests=(
            Probe("example", "shown('x')", "Parse strips.", 1, visible=True),
            Probe("call", "parse(' a ')", "Parse strips.", 2, visible=True),
            Probe("secret", "check_hidden('tests ')", "Hidden rule.", 3),
            Probe("secret 2", "parse(HIDDEN_INPUTS[0])", "Hidden rule 2.", 4),
        ),
        wrong_solutions=(), limits=ExerciseLimits(), lessons=(), project=False, path=Path(),
    )  # fmt: skip


def test_the_package_holds_the_visible_part_only() -> None:
    exercise = _exercise()
    expected = {"example": ["str", "x"], "call": ["str", "a"], "secret": ["bool", True]}
    sent = package(exercise, expected)
    assert [t["name"] for t in sent["tests"]] == ["example", "call"]
    assert [t["expected"] for t in sent["tests"]] == [["str", "x"], ["str", "a"]]
    assert "HIDDEN_INPUTS" not in sent["setup"] and "check_hidden" not in sent["setup"]
    assert "from solution import parse, helper_the_learner_writes" in sent["setup"]
    assert "EXAMPLE = json.dumps" in sent["setup"] and "@staticmethod" in sent["setup"]
    assert "x.strip()" not in str(sent) and "_private" not in str(sent)  # nothing of the reference
    assert sent["names"] == ["parse"]
    assert sent["tests"][1]["shows"] == "calls `parse(' a ')`"
    local = exercise_from_package(sent, Path("/tmp"))
    assert [p.name for p in local.tests] == ["example", "call"] and local.pinned == {
        "example": ["str", "x"],
        "call": ["str", "a"],
    }
    assert local.solution == "parse = None\n"


def test_a_setup_needed_whole_is_sent_whole_and_a_damaged_package_is_refused() -> None:
    assert visible_setup("x = 1\ny = x + 1\n", ["y"]) == "x = 1\ny = x + 1\n"
    assert visible_setup("not python (", ["y"]) == "not python ("
    with pytest.raises(PackageError, match="another pyroad version"):
        exercise_from_package({"format": 99}, Path())
    broken = package(_exercise(), {})
    del broken["limits"]
    with pytest.raises(PackageError, match="damaged"):
        exercise_from_package(broken, Path())
