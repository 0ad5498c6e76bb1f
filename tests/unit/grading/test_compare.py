"""The trusted comparison: Python's equality on observations, and where two differ."""

from __future__ import annotations

import collections
import enum

import pytest

from pyroad.grading.compare import describe, describe_json, first_difference, matches
from pyroad.grading.harness import encode


class Colour(enum.Enum):
    RED = 1
    BLUE = 2


@pytest.mark.parametrize(
    ("expected", "observed", "equal"),
    [
        (1, 1.0, True),
        (0.1 + 0.2, 0.3, True),
        ((1, 2), [1, 2], False),
        ({"a": 1, "b": 2}, {"b": 2, "a": 1}, True),
        ({"a": 1}, collections.Counter(a=1), True),
        ((1, 2), collections.namedtuple("P", "x y")(1, 2), True),
        ({1, 2, 3}, {3, 2, 1}, True),
        (Colour.RED, Colour.BLUE, False),
        (Colour.RED, Colour.RED, True),
        (None, 0, False),
        ("a", "A", False),
    ],
)
def test_matches_follows_python_equality(expected: object, observed: object, equal: bool) -> None:
    assert matches(encode(expected), encode(observed)) is equal


def test_an_exception_matches_its_subclasses() -> None:
    expected = ["raise", ["ValueError", "Exception", "BaseException"], "bad"]
    observed = ["raise", ["UnicodeDecodeError", "ValueError", "Exception", "BaseException"], "x"]
    assert matches(expected, observed)
    assert not matches(observed, expected)


def test_describe_reads_like_python() -> None:
    assert (
        describe(encode(("GET", "/", None, 1.5, {"k": [1]})))
        == "('GET', '/', None, 1.5, {'k': [1]})"
    )
    assert describe(encode((1,))) == "(1,)"


@pytest.mark.parametrize(
    ("expected", "observed", "where"),
    [
        ((201, {"id": 1}), (200, {"id": 1}), "the item at index 0: expected `201`, got `200`"),
        (
            {"user": {"name": "ada"}},
            {"user": {}},
            "the key 'name' in the key 'user' is missing (expected `'ada'`)",
        ),
        ({"id": 1}, {"id": 1, "password": "x"}, "the key 'password' should not be there"),
        ([1, 2, 3], [1, 2], "the result has 2 items, expected 3"),
        (
            [{"id": 1}, {"id": 2, "tags": ["a", "b"]}],
            [{"id": 1}, {"id": 2, "tags": ["a", "c"]}],
            "the item at index 1 in the key 'tags' in the item at index 1: expected `'b'`, "
            "got `'c'`",
        ),
        (5, 6, None),
        ((1, 2), (1, 2), None),
    ],
)
def test_first_difference_points_at_it(
    expected: object, observed: object, where: str | None
) -> None:
    assert first_difference(encode(expected), encode(observed)) == where


def test_big_integers_compare_exactly() -> None:
    assert not matches(encode(2**60), encode(2**60 + 1))
    assert matches(encode(2**60), encode(2**60))
    assert not matches(encode(10**30), encode(10**30 + 10**9))


@pytest.mark.parametrize(
    "forged", [["int"], ["list", 5], ["dict", [[1]]], [], "x", ["raise", 3, 4]]
)
def test_malformed_observations_never_match_and_never_crash(forged: object) -> None:
    assert not matches(encode([1, 2]), forged)
    assert isinstance(describe(forged), str)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (
            {"id": 1, "tags": ["admin"], "ok": True, "note": None},
            '{"id": 1, "note": null, "ok": true, "tags": ["admin"]}',
        ),
        ((201, {"text": "é"}), '[201, {"text": "é"}]'),
        ('say "hi"', '"say \\"hi\\""'),
        (2.5, "2.5"),
        # What JSON cannot hold reads as Python prints it.
        ({1: "one"}, "{1: 'one'}"),
        ({"s": {1, 2}}, "{'s': {1, 2}}"),
    ],
)
def test_describe_json_reads_as_a_response_body(value: object, shown: str) -> None:
    assert describe_json(encode(value)) == shown


def test_a_difference_inside_a_body_names_keys_as_json() -> None:
    want, got = encode({"user": {"admin": True}}), encode({"user": {"admin": None}})
    assert first_difference(want, got, as_json=True) == (
        'the key "admin" in the key "user": expected `true`, got `null`'
    )
