"""Equivalent-solution shapes: same program up to names, literals, docstrings and hints."""

from __future__ import annotations

from pyroad.teaching.shapes import group, normalise, shape_key

LOOP = '''
def total(prices: list[int]) -> int:
    """Add the prices."""
    result = 0
    for price in prices:
        result += price  # running sum
    return result
'''

LOOP_RENAMED = """
def add_up(xs):
    acc = 100
    for x in xs:
        acc += x
    return acc
"""

BUILTIN = """
def total(prices):
    return sum(prices)
"""


def test_renamed_variables_other_literals_docstrings_and_hints_share_a_shape() -> None:
    assert shape_key(LOOP) == shape_key(LOOP_RENAMED)
    assert shape_key(LOOP) is not None


def test_a_different_algorithm_is_a_different_shape() -> None:
    assert shape_key(LOOP) != shape_key(BUILTIN)


def test_builtins_and_methods_called_are_part_of_the_shape() -> None:
    assert shape_key("def f(xs):\n    return len(xs)\n") != shape_key(
        "def f(xs):\n    return sum(xs)\n"
    )
    assert shape_key("xs.append(1)\n") != shape_key("xs.extend(1)\n")


def test_booleans_and_none_are_kept_numbers_and_strings_are_not() -> None:
    assert shape_key("x = 1\n") == shape_key("x = 2\n")
    assert shape_key("x = 'a'\n") == shape_key("x = 'b'\n")
    assert shape_key("x = True\n") != shape_key("x = False\n")
    assert shape_key("x = None\n") != shape_key("x = 0\n")


def test_renaming_is_consistent_not_just_anonymous() -> None:
    """Two different names used in swapped places are a different program."""
    assert shape_key("a = 1\nb = 2\nprint(a - b)\n") != shape_key("a = 1\nb = 2\nprint(b - a)\n")
    assert shape_key("a = 1\nb = 2\nprint(a - b)\n") == shape_key("x = 5\ny = 6\nprint(x - y)\n")


def test_keyword_arguments_follow_renamed_parameters() -> None:
    one = "def f(total):\n    return total\nf(total=1)\n"
    two = "def g(value):\n    return value\ng(value=3)\n"
    assert shape_key(one) == shape_key(two)


def test_a_function_that_is_only_a_docstring_is_a_pass() -> None:
    assert shape_key('def f():\n    """Nothing yet."""\n') == shape_key("def g():\n    pass\n")


def test_unparsable_code_has_no_shape_and_stands_alone() -> None:
    assert shape_key("def broken(:\n") is None
    groups = group([(1, LOOP), (2, "def (:"), (3, LOOP_RENAMED), (4, BUILTIN), (5, "if")])
    assert [g.members for g in groups] == [[1, 3], [4], [2], [5]]
    assert groups[2].key is None and groups[3].key is None


def test_normalised_text_shows_no_learner_names() -> None:
    text = normalise(LOOP)
    assert "prices" not in text and "result" not in text and "Add the prices" not in text


def test_deeply_nested_code_does_not_crash() -> None:
    deep = "x = " + "(" * 5000 + "1" + ")" * 5000 + "\n"
    assert shape_key(deep) is None or isinstance(shape_key(deep), str)
