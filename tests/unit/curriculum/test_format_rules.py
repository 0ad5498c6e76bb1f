"""The format of issue 9 in the gate: hidden probes, pools, right/ variants, hints, topics."""

from __future__ import annotations

import json
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pyroad.cli.main import app
from pyroad.config import get_settings
from pyroad.curriculum.format_rules import presentation_problems
from pyroad.curriculum.loader import load_catalog
from pyroad.curriculum.model import Exercise
from pyroad.grading.factory import make_sandbox
from pyroad.grading.grader import Grader

SOLUTION = """\
def parse_port(text):
    text = text.strip()
    if not (text.isascii() and text.isdigit()):
        return None
    port = int(text)
    return port if 1 <= port <= 65535 else None
"""
TESTS = '''\
setup = "from solution import parse_port"

[[test]]
name = "example"
code = "parse_port('8080')"
message = "A valid port comes back as an int."
visible = true

[[test]]
name = "zero"
code = "parse_port('0')"
message = "Ports start at 1."

[[test]]
name = "random"
pool = """[str(rng.randint(-70000, 70000)) for _ in range(60)] + ['65535', '65536', ' 7 ']"""
code = "parse_port(case)"
sample = 4
message = "Any whole number from 1 to 65535 is a port; everything else gives None."
'''
EXERCISE = """\
title = "Parse a port"
order = 1
difficulty = "easy"
minutes = 5
concepts = ["strings"]
hints = ["Think about which texts are numbers at all.", "Strip, check the digits, then the range."]
"""


@pytest.fixture
def course(tmp_path: Path) -> Path:
    root = tmp_path / "curriculum"
    step = root / "01-basics"
    folder = step / "exercises" / "parse-port"
    (folder / "wrong").mkdir(parents=True)
    (step / "lessons").mkdir()
    (step / "step.toml").write_text('title = "Basics"\n')
    (folder / "exercise.toml").write_text(EXERCISE)
    (folder / "tests.toml").write_text(TESTS)
    (folder / "statement.md").write_text("# Parse a port\n")
    (folder / "starter.py").write_text("def parse_port(text):\n    return None\n")
    (folder / "solution.py").write_text(SOLUTION)
    # Wrong only on an input that a sample of 4 out of 63 usually misses: the gate runs all.
    (folder / "wrong" / "top-port-excluded.py").write_text(
        SOLUTION.replace("1 <= port <= 65535", "1 <= port < 65535")
    )
    (root / "topics.toml").write_text(
        '[[topic]]\nid = "strings"\nstep = 1\nname = "Strings"\n'
        '[[topic]]\nid = "loops"\nstep = 1\nname = "Loops"\n'
    )
    return root


def exercise_dir(course: Path) -> Path:
    return course / "01-basics" / "exercises" / "parse-port"


def check(course: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["curriculum", "check", str(course), "--no-mutate", *extra])
    return result.exit_code, result.output


def test_the_pool_is_pinned_with_the_references_observations(course: Path) -> None:
    code, output = check(course)
    assert code == 1 and "has no pinned pool in expected.json" in output
    code, output = check(course, "--update")
    assert code == 0, output
    pinned = json.loads((exercise_dir(course) / "expected.json").read_text())
    assert set(pinned["tests"]) == {"example", "zero"}
    cases = pinned["pools"]["random"]
    assert len(cases) == 63 and all(set(c) == {"case", "expected"} for c in cases)
    assert cases[-3:] == [
        {"case": "65535", "expected": ["int", 65535]},
        {"case": "65536", "expected": ["none"]},
        {"case": " 7 ", "expected": ["int", 7]},
    ]
    assert check(course)[0] == 0  # the wrong solution failed on the one case that catches it
    assert "topics: 1/2 practised, 1/2 taught" in output


def test_a_pool_must_hold_five_times_its_sample(course: Path) -> None:
    tests = exercise_dir(course) / "tests.toml"
    tests.write_text(tests.read_text().replace("sample = 4", "sample = 13"))
    code, output = check(course, "--update")
    assert code == 1 and "the pool has 63 items; it needs at least 5 × sample = 65" in output


def test_pool_items_must_be_plain_json_values(course: Path) -> None:
    tests = exercise_dir(course) / "tests.toml"
    tests.write_text(tests.read_text().replace("+ ['65535', '65536', ' 7 ']", "+ [(1, 2)]"))
    code, output = check(course, "--update")
    assert code == 1 and "pool item 60 is a tuple" in output


def test_a_right_variant_must_pass_and_a_failing_one_is_named(course: Path) -> None:
    check(course, "--update")
    right = exercise_dir(course) / "right"
    right.mkdir()
    (right / "with-try.py").write_text(
        textwrap.dedent(
            """\
            def parse_port(text):
                text = text.strip()
                if not text.isascii() or not text.isdigit():
                    return None
                try:
                    port = int(text)
                except ValueError:
                    return None
                return port if 0 < port < 65536 else None
            """
        )
    )
    assert check(course)[0] == 0
    (right / "off-by-one.py").write_text(SOLUTION.replace("<= 65535", "<= 65536"))
    code, output = check(course)
    assert code == 1
    assert f"{right / 'off-by-one.py'}: this correct variant is failed" in output


def test_at_least_a_third_hidden_and_no_code_in_hint_one(course: Path) -> None:
    check(course, "--update")
    tests = exercise_dir(course) / "tests.toml"
    text = tests.read_text()
    rule = 'message = "Ports start at 1."'
    text = text.replace(rule, rule + "\nvisible = true")
    text = text[: text.index('[[test]]\nname = "random"')]
    tests.write_text(text)
    meta = exercise_dir(course) / "exercise.toml"
    meta.write_text(
        meta.read_text().replace("Think about which", "Use `text.strip().isdigit()` on which")
    )
    code, output = check(course, "--update")
    assert code == 1
    assert "0 of 2 tests are hidden; at least a third must be" in output
    assert "hint 1 must be a nudge without code; it has the code span `text.strip().isdigit()`" in (
        output
    )


def test_a_seed_picks_the_same_cases_and_the_job_carries_no_expectation(course: Path) -> None:
    assert check(course, "--update")[0] == 0
    catalog, problems = load_catalog(course)
    assert problems == []
    exercise = catalog.require_exercise("parse-port")
    assert (exercise.tests_total, exercise.tests_hidden) == (6, 5)
    sandbox = make_sandbox(get_settings())
    try:
        grader = Grader(sandbox)
        first, again = grader.plan(exercise, seed=11), grader.plan(exercise, seed=11)
        assert [c.code for c in first] == [c.code for c in again]
        drawn = {tuple(c.code for c in grader.plan(exercise, seed=s)) for s in range(8)}
        assert len(drawn) > 1  # other seeds, other cases
        assert [c.name for c in first][2:] == [f"random ({n} of 4)" for n in range(1, 5)]
        assert first[2].code.startswith("case = ") and first[2].code.endswith("parse_port(case)")
        report = grader.grade(exercise, SOLUTION, seed=11)
        assert report.verdict == "passed" and len(report.tests) == 6
    finally:
        sandbox.close()


# ---------------------------------------------------------------- what visible tests show

HELPER_PROBE = '''
[[test]]
name = "through a helper"
code = """def shape(value):
    return ('port', value)
shape(parse_port('443'))"""
message = "The helper wraps the port."
visible = true
'''


def _loaded(course: Path) -> Exercise:
    catalog, problems = load_catalog(course)
    assert not problems, problems
    return catalog.require_exercise("parse-port")


def test_a_visible_test_that_cannot_be_described_needs_shows(course: Path) -> None:
    tests = exercise_dir(course) / "tests.toml"
    tests.write_text(tests.read_text() + HELPER_PROBE)
    code, output = check(course, "--update")
    assert code == 1
    assert "test 'through a helper' (line" in output and "add `shows" in output
    # The single call of the learner's function is described without help.
    assert "'example'" not in output
    # The helper probe is the last table: its `shows` goes at the end of the file.
    tests.write_text(
        tests.read_text() + "shows = \"calls `parse_port('443')` and wraps what it returns\"\n"
    )
    assert presentation_problems(_loaded(course)) == []


def test_shows_must_not_call_a_helper_of_the_setup(course: Path) -> None:
    exercise = _loaded(course)
    probe = replace(exercise.tests[0], shows="calls `error_shape(parse_port('8080'))`")
    helped = replace(
        exercise, setup="def error_shape(r):\n    return r\n" + exercise.setup, tests=(probe,)
    )
    [problem] = presentation_problems(helped)
    assert "`shows` calls `error_shape`" in problem
    # A name the statement itself shows is the learner's to read.
    told = replace(helped, statement=exercise.statement + "\nUse `error_shape(...)`.\n")
    assert presentation_problems(told) == []


def test_labels_name_every_part_and_web_tuples_need_them(course: Path) -> None:
    exercise = _loaded(course)
    web = replace(
        exercise,
        setup="from fastapi.testclient import TestClient\nfrom solution import app\n"
        "client = TestClient(app)\n",
        tests=(replace(exercise.tests[0], shows="sends `GET /port`"),),
        pinned={"example": ["tuple", [["int", 200], ["dict", []]]]},
    )
    [problem] = presentation_problems(web)
    assert "add `labels`" in problem and "a tuple of 2" in problem
    labelled = replace(web, tests=(replace(web.tests[0], labels=("status", "body")),))
    assert presentation_problems(labelled) == []
    short = replace(web, tests=(replace(web.tests[0], labels=("status", "body", "headers")),))
    [problem] = presentation_problems(short)
    assert "`labels` names 3 parts but the reference's result is a tuple of 2" in problem
    not_a_tuple = replace(labelled, pinned={"example": ["int", 8080]})
    [problem] = presentation_problems(not_a_tuple)
    assert "result is 8080" in problem


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ('shows = ""', "'shows' must be a non-empty string"),
        ('labels = ["only"]', "give two or more"),
        ('labels = ["a", "a"]', "has a name twice"),
        ("labels = 3", "'labels' must be a list of names"),
    ],
)
def test_shows_and_labels_are_checked_when_loaded(course: Path, line: str, said: str) -> None:
    tests = exercise_dir(course) / "tests.toml"
    tests.write_text(tests.read_text().replace("visible = true\n", f"visible = true\n{line}\n", 1))
    _, problems = load_catalog(course)
    assert any(said in problem.message for problem in problems), problems
