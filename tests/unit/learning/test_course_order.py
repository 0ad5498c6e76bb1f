"""The course teaches before it asks: walk the guided path and compare every exercise's concepts
and its starter's constructs with what the lessons met so far teach (issue 15)."""

from __future__ import annotations

import dataclasses

import pytest

from pyroad.curriculum.loader import load_catalog
from pyroad.curriculum.model import Catalog, Lesson
from pyroad.learning.course_order import lesson_ids, order_problems, starter_needs
from tests.conftest import CURRICULUM

CATALOG, _ = load_catalog(CURRICULUM)


def test_no_exercise_needs_what_its_path_has_not_taught_yet() -> None:
    problems = order_problems(CATALOG)
    assert not problems, "\n".join(problems)


def _with_lesson(catalog: Catalog, slug: str, **changes: object) -> Catalog:
    """The catalog with one lesson's front matter changed (the files are never touched)."""
    steps = []
    for step in catalog.steps:
        lessons = tuple(
            dataclasses.replace(lesson, **changes) if lesson.slug == slug else lesson  # type: ignore[arg-type]
            for lesson in step.lessons
        )
        steps.append(dataclasses.replace(step, lessons=lessons))
    return Catalog(steps=steps, topics=catalog.topics)


def _with_exercise(catalog: Catalog, slug: str, **changes: object) -> Catalog:
    steps = []
    for step in catalog.steps:
        exercises = tuple(
            dataclasses.replace(e, **changes) if e.slug == slug else e  # type: ignore[arg-type]
            for e in step.exercises
        )
        steps.append(dataclasses.replace(step, exercises=exercises))
    return Catalog(steps=steps, topics=catalog.topics)


def test_def_in_a_starter_before_any_lesson_teaches_it_is_caught() -> None:
    # The issue: step 1's function exercises used def/return, explained only at the end of
    # lesson 5. Without lesson 2's first look at functions, the check names each of them.
    lesson = CATALOG.require_lesson("running-python-and-variables")
    before = tuple(c for c in lesson.concepts if c not in {"def", "return", "parameters"})
    problems = order_problems(_with_lesson(CATALOG, lesson.slug, concepts=before))
    uses_def = [p for p in problems if "starter uses def," in p]
    named = {p.split("'")[1] for p in uses_def if p.startswith("step 1 ")}
    assert {"is-success-status", "format-order-line", "parse-port"} <= named, problems
    assert all("functions-scope-and-docstrings" in p for p in uses_def)  # says where it's taught


def test_an_exercise_placed_before_the_lesson_of_its_concepts_is_caught() -> None:
    # Before: parse-request-line (it needs `if`) followed the strings lesson, two lessons
    # before conditionals are taught.
    moved = _with_exercise(CATALOG, "parse-request-line", lessons=("strings-and-requests",))
    problems = order_problems(moved)
    assert any(
        "'parse-request-line'" in p and "concept 'conditionals'" in p and "making-decisions" in p
        for p in problems
    ), problems


def test_concepts_no_lesson_teaches_are_the_statements_job() -> None:
    untaught = _with_exercise(CATALOG, "parse-port", concepts=("a-tag-no-lesson-has",))
    assert order_problems(untaught) == []


@pytest.mark.parametrize(
    ("source", "construct"),
    [
        ("def f():\n    return 1\n", "def"),
        ("def f():\n    return 1\n", "return"),
        ("for x in []:\n    pass\n", "for"),
        ("while False:\n    break\n", "while"),
        ("while False:\n    break\n", "break/continue"),
        ("class A:\n    pass\n", "class"),
        ("class NotFound(Exception):\n    pass\n", "class (an exception)"),
        ("import json\n", "import json"),
        ("from collections import Counter\n", "import collections"),
        ("x = f'{1}'\n", "f-string"),
        ("x = [i for i in []]\n", "comprehension"),
        ("x = sum(i for i in [])\n", "generator expression"),
        ("try:\n    pass\nexcept ValueError:\n    pass\n", "try"),
        ("with open('f') as f:\n    pass\n", "with"),
        ("key = lambda x: x\n", "lambda"),
        ("@timer\ndef f():\n    pass\n", "decorator"),
        ("@dataclass\nclass A:\n    x: int\n", "@dataclass"),
        ("@app.get('/')\ndef home():\n    pass\n", "@app.get"),
        ("def g():\n    yield 1\n", "yield"),
        ("async def f():\n    pass\n", "async def/await"),
        ("def f(x: int) -> int:\n    pass\n", "type hints"),
        ("def f(*args):\n    pass\n", "*args/**kwargs"),
        ("name = input()\n", "input()"),
    ],
)
def test_starter_constructs_are_recognised(source: str, construct: str) -> None:
    assert f"starter uses {construct}" in [need.what for need in starter_needs(source)]


def test_a_starter_of_plain_statements_needs_nothing() -> None:
    assert starter_needs("# Read the name\nname = 'x'\nprint(name)\n") == []
    assert starter_needs("def broken(:\n") == []  # the gate reports syntax errors, not this


def test_a_lesson_teaches_the_modules_its_examples_import() -> None:
    lesson: Lesson = CATALOG.require_lesson("decorators-wrap-handlers")
    assert "module:time" in lesson_ids(lesson)  # its timing example: import time
    assert "module:time" not in lesson_ids(CATALOG.require_lesson("making-decisions"))
