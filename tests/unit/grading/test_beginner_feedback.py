"""Feedback a beginner reads, from real sandbox runs: the commonest first-hour mistakes.

Each test grades a typical beginner's code in the learners' sandbox and checks what they
read: what the test did, expected and got in words, and the tailored explanation. Hidden
tests keep their guarantee: no input, expected value or printed text in anything said.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from pyroad.curriculum.model import Difficulty, Exercise, ExerciseKind, ExerciseLimits, Probe
from pyroad.grading.explain import (
    NO_NETWORK,
    PRINTED_NOT_RETURNED,
    PROMPT_PRINTED,
    RETURNED_NOT_PRINTED,
)
from pyroad.grading.grader import Grader, GradeReport, Verdict, listed_name
from pyroad.grading.grader import TestResult as Result
from pyroad.grading.grader import TestStatus as Status
from pyroad.grading.sandbox import Sandbox
from pyroad.grading.visible import Shown, expectation, lead

SECRET = "s3cr3t-7731"
TOTAL = "def order_total(prices, tax):\n    total = sum(prices)\n    return total + tax\n"
BANNER = "name = input()\nport = input()\nprint(f'Starting {name} on port {port}')\n"
JARGON = re.compile(r"\b(observation|observed|probe|encoded|run_program)\b", re.IGNORECASE)


def exercise(
    solution: str,
    *probes: Probe,
    kind: ExerciseKind = ExerciseKind.MODULE,
    setup: str = "",
    starter: str = "",
) -> Exercise:
    return Exercise(
        slug="beginner",
        step=1,
        title="Beginner",
        order=1,
        difficulty=Difficulty.EASY,
        minutes=5,
        concepts=(),
        hints=("Think.",),
        kind=kind,
        statement="A small task.",
        starter=starter,
        solution=solution,
        setup=setup,
        setup_repo="",
        tests=probes,
        wrong_solutions=(),
        limits=ExerciseLimits(),
        lessons=(),
        project=False,
        path=Path("/nonexistent"),
    )


def probe(name: str, code: str, *, visible: bool = True, **extra: object) -> Probe:
    return replace(Probe(name, code, f"The rule of {name}.", 1, visible=visible), **extra)  # type: ignore[arg-type]


TOTALS = exercise(
    TOTAL,
    probe("example", "order_total([1, 2], 3)"),
    probe("hidden", f"order_total([len({SECRET!r})], 0)", visible=False),
    setup="from solution import order_total",
    starter="def order_total(prices, tax):\n    ...\n",
)
BANNERS = exercise(
    BANNER,
    probe("example", "run_program(stdin='orders\\n8000\\n')"),
    probe("hidden", f"run_program(stdin='{SECRET}\\n1\\n')", visible=False),
    kind=ExerciseKind.PROGRAM,
)


def said(report: GradeReport) -> str:
    """Everything the learner can read about a run."""
    parts = [report.summary, report.explanation, report.traceback, report.stdout]
    return json.dumps([vars(t) for t in report.tests], default=str) + "".join(parts)


def hidden_said(report: GradeReport) -> str:
    tests = [t for t in report.tests if t.hidden]
    return json.dumps([vars(t) for t in tests], default=str) + report.explanation


def assert_readable(test: Result) -> None:
    """Valid Markdown (every code span closed) and no developer words."""
    for paragraph in test.message.split("\n\n"):
        if not paragraph.startswith("    "):
            assert paragraph.count("`") % 2 == 0, paragraph
    assert not JARGON.search(test.message), test.message


def grade(sandbox: Sandbox, task: Exercise, code: str) -> tuple[GradeReport, Result]:
    report = Grader(sandbox).grade(task, code)
    return report, report.tests[0]


def test_a_visible_failure_says_what_the_test_did_then_expected_and_got(
    sandbox: Sandbox,
) -> None:
    report, example = grade(sandbox, TOTALS, TOTAL.replace("total + tax", "total - tax"))
    assert example.shows == "calls `order_total([1, 2], 3)`"
    assert example.message.startswith("This test calls `order_total([1, 2], 3)`.\n\n")
    assert "It should return `6`, but your code returned `0`." in example.message
    assert example.message.endswith("The rule of example.")
    assert_readable(example)
    hidden = report.tests[1]
    assert hidden.shows == "" and hidden.diff is None and SECRET not in hidden_said(report)


@pytest.mark.parametrize(
    "reach",
    [
        "socket.getaddrinfo('example.org', 80)",  # no name lookups: gaierror
        "socket.create_connection(('93.184.215.14', 80), timeout=2)",  # no network: OSError
        "socket.create_connection(('127.0.0.1', 8000), timeout=2)",  # nothing listens here
    ],
)
def test_code_that_reaches_for_the_network_is_told_there_is_none(
    sandbox: Sandbox, reach: str
) -> None:
    code = f"import socket\n\ndef order_total(prices, tax):\n    {reach}\n    return 0\n"
    report, example = grade(sandbox, TOTALS, code)
    assert report.verdict is Verdict.ERROR and example.status is Status.ERROR
    assert report.explanation == NO_NETWORK, report.explanation


def test_input_in_a_function_exercise_says_use_the_parameter(sandbox: Sandbox) -> None:
    code = "def order_total(prices, tax):\n    prices = input()\n    return prices\n"
    report, example = grade(sandbox, TOTALS, code)
    assert report.verdict is Verdict.ERROR and example.status is Status.ERROR
    assert "`EOFError: EOF when reading a line`" in example.message
    assert "Your code called `input()` on line 2" in report.explanation
    assert "tests call your function with arguments" in report.explanation
    assert "Don't ask for input; use the function's parameter" in report.explanation
    assert "`prices` and `tax` already hold what the test passes in" in report.explanation
    assert SECRET not in hidden_said(report)
    # At the top of the file, the same mistake stops the load.
    report, _ = grade(sandbox, TOTALS, "tax = input()\n" + TOTAL)
    assert "while your file was loading" in report.explanation


def test_a_program_reading_more_lines_than_typed(sandbox: Sandbox) -> None:
    report, example = grade(sandbox, BANNERS, "extra = input()\n" + BANNER)
    assert example.shows == "runs your program and types: `orders`, `8000`"
    assert "but it stopped with `EOFError" in example.message
    assert "called `input()` more times than the test typed lines" in report.explanation
    assert_readable(example)
    assert SECRET not in hidden_said(report)


@pytest.mark.parametrize(
    ("code", "explained"),
    [
        (
            TOTAL.replace("total + tax", "totl + tax"),
            "`totl` on line 3 (`return totl + tax`): did you mean `total`?",
        ),
        (TOTAL.replace("total + tax", "math.floor(total) + tax"), "add `import math` at the top"),
        (TOTAL.replace("sum(prices)", "Sum(prices)"), "did you mean `sum`?"),
        (TOTAL.replace("total + tax", "total + tip"), "your code never defines it"),
    ],
)
def test_a_name_never_defined_gets_the_closest_name_or_an_import(
    sandbox: Sandbox, code: str, explained: str
) -> None:
    report, example = grade(sandbox, TOTALS, code)
    assert example.status is Status.ERROR
    assert explained in report.explanation, report.explanation
    assert SECRET not in hidden_said(report)


@pytest.mark.parametrize(
    ("code", "explained"),
    [
        (
            TOTAL.replace("tax):", "tax)"),
            "Line 1 (`def order_total(prices, tax)`) needs a colon "
            "at its end: `def order_total(prices, tax):`",
        ),
        (
            TOTAL.replace("    total = ", "total = "),
            "The line after line 1 (`def order_total(prices, tax):`) must be indented",
        ),
        (
            TOTAL.replace("    return", "      return"),
            "Line 3 (`return total + tax`) starts further in than the line above it",
        ),
        (
            TOTAL.replace("    return", "  return"),
            "Line 3 (`return total + tax`) is indented by "
            "2 spaces, which matches no block above it",
        ),
    ],
)
def test_colon_and_indentation_mistakes_point_at_the_line_in_words(
    sandbox: Sandbox, code: str, explained: str
) -> None:
    report, _ = grade(sandbox, TOTALS, code)
    assert report.verdict is Verdict.ERROR
    assert explained in report.explanation, report.explanation


def test_printing_instead_of_returning(sandbox: Sandbox) -> None:
    code = TOTAL.replace("return total + tax", "print(total + tax)")
    report, example = grade(sandbox, TOTALS, code)
    assert "It should return `6`, but your code returned `None`." in example.message
    assert "Your function printed `6` but returned `None`" in example.message
    assert report.explanation == PRINTED_NOT_RETURNED
    assert_readable(example)
    # A hidden test says the fact, never what was printed (the secret's length, here 11).
    hidden = report.tests[1]
    assert "returned `None` and printed something" in hidden.message
    assert "11" not in hidden_said(report) and SECRET not in hidden_said(report)
    only_hidden = replace(TOTALS, tests=(TOTALS.tests[1],))
    report = Grader(sandbox).grade(only_hidden, code)
    assert report.explanation == PRINTED_NOT_RETURNED


def test_a_program_that_returns_instead_of_printing(sandbox: Sandbox) -> None:
    code = "def banner(name, port):\n    return f'Starting {name} on port {port}'\n\n"
    code += "banner(input(), input())\n"
    report, example = grade(sandbox, BANNERS, code)
    assert "Your program printed nothing." in example.message
    assert report.explanation == RETURNED_NOT_PRINTED
    assert "Your program printed nothing in this test." in report.tests[1].message
    assert SECRET not in hidden_said(report)


def test_wrong_parameters_name_the_ones_the_tests_use(sandbox: Sandbox) -> None:
    report, example = grade(sandbox, TOTALS, "def order_total(prices):\n    return sum(prices)\n")
    assert example.status is Status.ERROR
    assert "your function could not be called this way" in example.message
    assert (
        "The tests call `order_total` the way the starter defines it, "
        "`def order_total(prices, tax)`, but your code has `def order_total(prices)`"
    ) in report.explanation
    method = exercise(
        "class Cart:\n    def __init__(self):\n        self.items = []\n"
        "    def add(self, item):\n        self.items.append(item)\n"
        "        return len(self.items)\n",
        probe("add", "Cart().add('tea')", shows="adds `'tea'` to a new `Cart`"),
        setup="from solution import Cart",
    )
    code = method.solution.replace("def add(self, item)", "def add(item)")
    report, example = grade(sandbox, method, code)
    assert "`add` is a method: its first parameter must be `self`" in report.explanation
    assert example.message.startswith("This test adds `'tea'` to a new `Cart`.")


def test_a_function_missing_from_the_file(sandbox: Sandbox) -> None:
    report, _ = grade(sandbox, TOTALS, "def order_totals(prices, tax):\n    return 0\n")
    assert report.verdict is Verdict.ERROR
    assert "The tests use `order_total`, but your code does not define it" in report.explanation
    assert "Yours is called `order_totals`: rename it." in report.explanation


def test_a_text_difference_is_pointed_at_with_whitespace_in_words(sandbox: Sandbox) -> None:
    code = BANNER.replace("Starting {name} on", "Starting {name}  on")
    _, example = grade(sandbox, BANNERS, code)
    assert example.diff == {
        "expected": "Starting orders on port 8000\n",
        "got": "Starting orders  on port 8000\n",
        "at": 16,
    }
    # Said once: where the texts part, in words; the texts themselves travel in `diff`.
    assert example.message.endswith(
        "Your program printed a different text. "
        "On line 1, character 17 (after `Starting orders␣`): expected `o`, got a space. "
        "Only the spacing (spaces, tabs or line breaks) differs.\n\nThe rule of example."
    )
    assert (
        example.message.count("Starting orders") == 1
        and "character" not in example.message[example.message.index("character 17") + 1 :]
    )
    assert_readable(example)
    # A program that printed nothing says so, not "the expected text starts with…".
    _, example = grade(sandbox, BANNERS, "name = input()\nport = input()\n")
    assert "Your program printed nothing.\n\n" in example.message
    assert example.diff is not None and example.diff["got"] == ""


def test_a_short_text_is_quoted_then_pointed_at(sandbox: Sandbox) -> None:
    task = exercise(
        "def shout(word):\n    return word.upper() + '!'\n",
        probe("example", "shout('hi')"),
        setup="from solution import shout",
    )
    _, example = grade(sandbox, task, "def shout(word):\n    return word.upper() + '?'\n")
    assert "It should return `'HI!'`, but your code returned `'HI?'`." in example.message
    assert "At character 3 (after `HI`): expected `!`, got `?`." in example.message
    assert example.diff == {"expected": "HI!", "got": "HI?", "at": 2}


def test_labelled_parts_are_compared_by_name_never_as_tuples(sandbox: Sandbox) -> None:
    solution = (
        "def create(text):\n    if not text.strip():\n        return 400, {'error': 'empty'}\n"
        "    return 201, {'id': 1, 'text': text, 'tags': ['new']}\n"
    )
    task = exercise(
        solution,
        probe(
            "create",
            "create('hi')",
            shows='sends `POST /notes` with JSON body `{"text": "hi"}`',
            labels=("status", "body"),
        ),
        setup="from solution import create",
    )
    code = solution.replace("201, {'id': 1", "200, {'id': 1").replace("['new']", "['old']")
    _, example = grade(sandbox, task, code)
    assert example.message.startswith(
        'This test sends `POST /notes` with JSON body `{"text": "hi"}`.\n\nPart by part:\n\n'
    )
    assert "- status: expected `201`, got `200`" in example.message
    # A body reads as JSON (its label says so), not as a Python dict.
    assert (
        '- body: expected `{"id": 1, "tags": ["new"], "text": "hi"}`, got '
        '`{"id": 1, "tags": ["old"], "text": "hi"}` (the item at index 0 in the key "tags": '
        'expected `"new"`, got `"old"`)'
    ) in example.message
    assert "((" not in example.message and "[1]" not in example.message
    assert_readable(example)


@pytest.mark.parametrize(
    "raises",
    [
        "NameError(f\"name '{text}' is not defined\")",
        "TypeError(f'{text}() takes 0 positional arguments but 1 was given')",
        "SyntaxError(f\"'{text[0]}' was never closed\")",
        "ImportError(f\"cannot import name '{text}' from 'solution'\")",
    ],
)
def test_a_forged_error_message_does_not_carry_a_hidden_input_out(
    sandbox: Sandbox, raises: str
) -> None:
    """Names in an explanation come from the learner's code, never from the message alone."""
    secret = "zq_secret_7731"
    task = exercise(
        "def shout(text):\n    return text.upper()\n",
        probe("hidden", f"shout({secret!r})", visible=False),
        setup="from solution import shout",
    )
    report = Grader(sandbox).grade(task, f"def shout(text):\n    raise {raises}\n")
    assert report.tests[0].status is Status.ERROR
    assert secret not in said(report) and "zq" not in said(report)


def test_the_description_reads_as_a_sentence() -> None:
    shown = Shown("after your commands, runs `git log`", "other", (), "")
    assert lead(shown, "git('log')") == "This test, after your commands, runs `git log`."
    assert lead(replace(shown, shows="checks `x`: is it a list?"), "") == (
        "This test checks `x`: is it a list?"
    )
    # No description (an old exercise): the code, when it is one short line.
    assert lead(replace(shown, shows=""), "parse('1')") == "This test runs `parse('1')`."
    assert lead(replace(shown, shows=""), "a = 1\nparse(a)") == ""


def test_labelled_parts_are_listed_when_the_result_could_not_be_used(sandbox: Sandbox) -> None:
    task = exercise(
        "def create(text):\n    return 201, {'text': text}\n",
        probe(
            "create",
            "answer = create('hi')\n(answer[0], answer[1])",
            shows="sends `POST /notes`",
            labels=("status", "body"),
        ),
        setup="from solution import create",
    )
    _, example = grade(sandbox, task, "def create(text):\n    pass\n")
    assert (
        'It should give:\n\n- status: `201`\n- body: `{"text": "hi"}`\n\nBut the test could not '
        "use what your code gave back: `TypeError: 'NoneType' object is not subscriptable`."
    ) in example.message
    assert_readable(example)


def test_a_prompt_given_to_input_is_printed_too(sandbox: Sandbox) -> None:
    code = BANNER.replace("name = input()", "name = input('Name: ')")
    report, example = grade(sandbox, BANNERS, code)
    assert "Your program printed `Name:␣`, the prompt of your `input('Name: ')`" in example.message
    assert example.diff is not None and example.diff["at"] == 0
    assert report.explanation == PROMPT_PRINTED
    assert_readable(example)
    # Only hidden tests: said from the code alone, nothing of the output.
    report = Grader(sandbox).grade(replace(BANNERS, tests=(BANNERS.tests[1],)), code)
    assert report.explanation == PROMPT_PRINTED and SECRET not in said(report)


RANDOM = probe(
    "random",
    "order_total([case], 0)",
    visible=False,
    pool="[rng.randint(1, 99) for _ in range(24)]",
    sample=4,
)


def test_the_same_error_in_every_test_is_said_once(sandbox: Sandbox) -> None:
    task = replace(
        TOTALS,
        tests=(*TOTALS.tests[:1], probe("second", "order_total([2], 1)"), TOTALS.tests[1], RANDOM),
    )
    report = Grader(sandbox).grade(task, "def order_total(prices, tax):\n    return totl + tax\n")
    assert report.verdict is Verdict.ERROR
    assert (
        report.summary
        == "Your code raised an exception in every test (7 of 7): `NameError` on line 2."
    )
    first, second, secret, *cases = report.tests
    assert "`NameError: name 'totl' is not defined`" in first.message
    same = "Your code raised the same error as in “example” above (`NameError` on line 2)."
    assert second.message == same
    assert secret.message == f"The rule of hidden.\n\n{same}"
    assert [t.name for t in cases] == [f"random ({n} of 4)" for n in range(1, 5)]
    assert cases[0].message == f"4 of 4 random cases failed: The rule of random.\n\n{same}"
    assert all(t.message == "Same failure as “random (1 of 4)” above." for t in cases[1:])
    # Every entry keeps its status and traceback: only the text is said once.
    assert all(t.status is Status.ERROR and t.traceback for t in report.tests)
    assert "totl" in report.explanation
    assert SECRET not in hidden_said(report)


def test_a_different_error_message_is_said_again(sandbox: Sandbox) -> None:
    task = replace(TOTALS, tests=(*TOTALS.tests[:1], probe("second", "order_total([2], 1)")))
    code = "def order_total(prices, tax):\n    raise ValueError(prices)\n"
    report = Grader(sandbox).grade(task, code)
    assert (
        report.summary
        == "Your code raised an exception in every test (2 of 2): `ValueError` on line 2."
    )
    assert "`ValueError: [2]`" in report.tests[1].message  # not "the same error"


def test_random_cases_failing_the_same_rule_are_counted_once(sandbox: Sandbox) -> None:
    task = replace(TOTALS, tests=(TOTALS.tests[0], RANDOM))
    code = "def order_total(prices, tax):\n    return sum(prices) + tax + (prices[0] > 40)\n"
    report = Grader(sandbox).grade(task, code, seed=3)
    cases = report.tests[1:]
    failing = [t for t in cases if t.status is Status.FAILED]
    assert 1 < len(failing) < 4, [t.status for t in cases]  # the seed draws both kinds
    note = "(A hidden test: its input and expected result are not shown.)"
    assert failing[0].message == (
        f"{len(failing)} of 4 random cases failed: The rule of random.\n\n{note}"
    )
    assert all(t.message == f"Same failure as “{failing[0].name}” above." for t in failing[1:])
    assert all(t.message == "" for t in cases if t.status is Status.PASSED)
    assert report.summary == f"{5 - len(failing)} of 5 tests passed."


def test_a_hidden_name_ending_in_hidden_is_listed_without_it(sandbox: Sandbox) -> None:
    noise = probe("noise hidden", "order_total([0.1, 0.2], 0)", visible=False)
    task = replace(
        TOTALS, tests=(*TOTALS.tests, noise, probe("twice (hidden)", "1", visible=False))
    )
    names = [case.name for case in Grader(sandbox).plan(task)]
    assert names == ["example", "hidden", "noise", "twice"]
    # Never another probe's name, never a visible test's own words.
    assert listed_name(noise, {"noise"}) == "noise hidden"
    assert listed_name(replace(noise, visible=True)) == "noise hidden"
    report = Grader(sandbox).grade(task, TOTAL)
    assert report.verdict is Verdict.PASSED and report.tests[2].name == "noise"


GIT = exercise(
    "git status\n",
    probe("status", "git('status', '--porcelain')", shows="runs `git status` after your commands"),
    kind=ExerciseKind.GIT,
)
GIT = replace(GIT, setup_repo='git("init", "-b", "main")\ngit("config", "user.email", "a@b.c")\n')


@pytest.mark.parametrize(
    ("script", "summary", "what_went_wrong"),
    [
        (
            "git status\ngit commit -m first\n",
            "Your commands stopped at line 2: a git command failed.",
            "Line 2: `git commit -m first` failed (exit 1). git said:\n",
        ),
        (
            "git status\nfrobnicate\n",
            "Your commands stopped at line 2: a command failed.",
            "Line 2: `frobnicate` failed (exit 127). It printed:\n",
        ),
    ],
)
def test_a_stopped_git_command_is_said_in_words(
    sandbox: Sandbox, script: str, summary: str, what_went_wrong: str
) -> None:
    report = Grader(sandbox).grade(GIT, script)
    assert report.verdict is Verdict.ERROR
    assert report.summary == summary
    assert report.traceback.startswith(what_went_wrong), report.traceback
    assert report.explanation  # the tailored or generic help is still given
    assert "CommandError" not in said(report) and "ScriptError" not in said(report)


def test_a_web_exercise_shows_values_as_json(sandbox: Sandbox) -> None:
    solution = (
        "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get('/me')\n"
        "def me():\n    return {'id': 1, 'admin': True, 'team': None}\n"
    )
    task = exercise(
        solution,
        probe("me", "client.get('/me').get_json()", shows="sends `GET /me`"),
        setup="from solution import app\n\nclient = app.test_client()\n",
    )
    _, example = grade(sandbox, task, solution.replace("'admin': True", "'admin': False"))
    assert (
        'It should give `{"admin": true, "id": 1, "team": null}`, but it gave '
        '`{"admin": false, "id": 1, "team": null}`.'
    ) in example.message, example.message
    assert 'the key "admin": expected `true`, got `false`' in example.message
    assert "True" not in example.message and "None" not in example.message


def test_what_a_hidden_test_withholds_is_said_once(sandbox: Sandbox) -> None:
    task = replace(
        TOTALS, tests=(*TOTALS.tests, probe("other", "order_total([5], 5)", visible=False))
    )
    report = Grader(sandbox).grade(task, "def order_total(prices, tax):\n    return -1\n")
    note = "(A hidden test: its input and expected result are not shown.)"
    assert report.tests[1].message == f"The rule of hidden.\n\n{note}"
    assert report.tests[2].message == "The rule of other."
    assert report.tests[2].hidden and report.tests[2].status is Status.FAILED


@pytest.mark.parametrize(
    ("shown", "want", "said"),
    [
        (Shown("", "call", (), ""), ["int", 8080], "It should return `8080`."),
        (Shown("", "other", (), ""), ["bool", True], "It should give `True`."),
        (
            Shown("", "call", (), ""),
            ["raise", ["ValueError", "Exception", "BaseException"], "bad port"],
            "It should raise `ValueError`.",
        ),
        (
            Shown("", "program", (), ""),
            ["str", "Starting orders\nbye\n"],
            "It should print:\n\n    Starting orders\n    bye\n",
        ),
        (Shown("", "program", (), ""), ["str", ""], "It should print nothing."),
        (
            Shown("", "call", (), ""),
            ["str", "GET / HTTP/1.1\nHost: a\n"],
            "It should return the text:\n\n    GET / HTTP/1.1\n    Host: a\n",
        ),
        (Shown("", "call", (), ""), ["raise", [""], ""], "It should raise an error."),
        (
            Shown("", "other", ("status", "body"), "", web=True),
            ["tuple", [["int", 201], ["dict", [[["str", "id"], ["int", 1]]]]]],
            'It should give:\n\n- status: `201`\n- body: `{"id": 1}`',
        ),
    ],
)
def test_an_expectation_said_before_any_attempt(shown: Shown, want: list, said: str) -> None:
    """A downloaded exercise's EXAMPLES.md says what each visible test expects, worded as the
    feedback words it: returned, given, raised, printed, or its parts by label."""
    assert expectation(shown, want) == said
