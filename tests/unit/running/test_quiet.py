"""A quiet run explained (the file only defined things), and whether code reads input."""

from __future__ import annotations

import pytest

from pyroad.curriculum.loader import load_catalog
from pyroad.running.quiet import (
    defined_only,
    example_call,
    input_kept,
    nothing_called,
    reads_input,
    stored_input,
)
from tests.conftest import CURRICULUM

CATALOG, _ = load_catalog(CURRICULUM)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("name = input()\n", True),
        ("import sys\nfor line in sys.stdin:\n    print(line)\n", True),
        ("from sys import stdin\nprint(stdin.read())\n", True),
        ("def f():\n    return input().strip()\n", True),
        ("def format_order_line(item, quantity, price):\n    return ''\n", False),
        ("print('inputs are typed')  # input( in a comment\n", False),
        ("def broken(:\n    input(\n", True),  # unparsable: guessed from the text
    ],
)
def test_reads_input(code: str, expected: bool) -> None:
    assert reads_input(code) is expected


def test_a_file_of_definitions_is_quiet_and_a_call_is_not() -> None:
    assert defined_only("import math\n\ndef area(r):\n    return math.pi * r * r\n") == ["area"]
    assert defined_only('"""Doc."""\nRATE = 2\nclass Cart:\n    pass\n') == ["Cart"]
    flask = (
        "from flask import Flask\napp = Flask(__name__)\n\n"
        "@app.get('/')\ndef home():\n    return 'hi'\n"
    )
    assert defined_only(flask) == ["app", "home"]
    assert defined_only("def f():\n    return 1\nprint(f())\n") == []
    assert defined_only("def f():\n    return 1\nvalue = f()\n") == []
    assert defined_only("x = 1\n") == []  # nothing defined: not this explanation's case
    assert defined_only("") == [] and defined_only("def (:\n") == []


def test_the_example_call_comes_from_the_statement_when_it_can_be_pasted() -> None:
    exercise = CATALOG.require_exercise("format-order-line")
    call = example_call("format_order_line", exercise.statement)
    assert call == 'format_order_line("coffee", 3, 2.5)'
    assert example_call("f", "Write `f(x)` so that `f(2)` is 4.") == "f(2)"  # names skipped
    assert example_call("f", "Write `f(items)`.") is None


def test_a_function_exercise_is_told_what_happened_not_to_print() -> None:
    exercise = CATALOG.require_exercise("format-order-line")
    text = nothing_called(["format_order_line"], exercise.statement, returns=True)
    assert text.startswith(
        "Your file ran and defined `format_order_line`, but nothing called it, so nothing "
        "was printed."
    )
    assert 'add a line at the bottom such as `print(format_order_line("coffee", 3, 2.5))`' in text
    assert "`return` (not `print`) stays inside the function" in text
    assert "Use print()" not in text
    generic = nothing_called(["area", "perimeter"], "")
    assert (
        "nothing called them" in generic and "`print(area(…))`, with values of your own" in generic
    )
    app = nothing_called(["app", "home"], "", console=True)
    assert "created `app`, but nothing sent it a request" in app and "request console" in app


def test_input_read_and_kept_without_printing_is_explained() -> None:
    assert stored_input("username = input().strip()\n") == "username"
    assert stored_input("name = input()\nprint(name)\n") is None  # it prints
    assert stored_input("total = 1 + 2\n") is None  # reads nothing
    text = input_kept("username")
    assert "kept it in `username`" in text and "Add `print(username)` at the end" in text
