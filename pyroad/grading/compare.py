"""The trusted side of grading: compare what a probe observed with what was expected.

Observations arrive as the tagged JSON trees made by ``harness.encode``. Expectations
come from running the exercise's reference solution through the same probes; they never
enter the learner's sandbox, so a learner who forges the result channel still has to
guess every hidden value.
"""

from __future__ import annotations

import json
import math
from typing import Any

from pyroad.grading.wording import code

Encoded = Any
FLOAT_TOLERANCE = 1e-9


def matches(expected: Encoded, observed: Encoded) -> bool:
    """Structural equality of two observations, with Python's numeric semantics.

    ``1 == 1.0`` as in Python, floats within a relative tolerance, exceptions equal when
    the observed exception is (a subclass of) the expected type. A malformed observation
    (only a forged result channel makes one) never matches.
    """
    try:
        return _matches(expected, observed)
    except (TypeError, ValueError, IndexError, KeyError, OverflowError):
        return False


def _matches(expected: Encoded, observed: Encoded) -> bool:
    if not isinstance(expected, list) or not isinstance(observed, list) or not expected:
        return False
    tag, other = expected[0], observed[0] if observed else None
    if tag in ("int", "float") and other in ("int", "float"):
        both_int = tag == other == "int"
        return _numbers_match(expected[1], observed[1], both_int=both_int)
    if tag != other:
        return False
    if tag == "raise":
        return bool(expected[1]) and expected[1][0] in observed[1]
    if tag in ("list", "tuple", "set", "frozenset"):
        return len(expected[1]) == len(observed[1]) and all(
            matches(e, o) for e, o in zip(expected[1], observed[1], strict=True)
        )
    if tag == "dict":
        return len(expected[1]) == len(observed[1]) and all(
            matches(ek, ok) and matches(ev, ov)
            for (ek, ev), (ok, ov) in zip(expected[1], observed[1], strict=True)
        )
    if tag == "obj":
        # Attribute order is how the class happened to assign them: compare by name.
        want, got = sorted(expected[2]), sorted(observed[2])
        return (
            expected[1] == observed[1]
            and [k for k, _ in want] == [k for k, _ in got]
            and all(matches(e, o) for (_, e), (_, o) in zip(want, got, strict=True))
        )
    if tag == "trunc":
        return False
    return bool(expected == observed)


def _numbers_match(
    expected: int | float | str, observed: int | float | str, *, both_int: bool
) -> bool:
    if both_int:  # exact, however large (big ints travel as text): never via float
        return int(expected) == int(observed)
    left, right = float(expected), float(observed)
    if math.isnan(left) or math.isnan(right):
        return math.isnan(left) and math.isnan(right)
    return math.isclose(left, right, rel_tol=FLOAT_TOLERANCE, abs_tol=FLOAT_TOLERANCE)


def describe(value: Encoded, limit: int = 300) -> str:
    """Render an observation the way Python would print it, for feedback messages."""
    try:
        text = _describe(value)
    except (TypeError, ValueError, IndexError, KeyError):
        text = "(an unreadable result)"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(value: Encoded) -> str:
    if not isinstance(value, list) or not value:
        return "?"
    tag = value[0]
    if tag == "none":
        return "None"
    if tag in ("bool", "float"):
        return repr(value[1]) if tag == "bool" else _float_text(value[1])
    if tag == "int":
        return str(value[1])
    if tag == "str":
        return repr(value[1])
    if tag == "bytes":
        return repr(bytes.fromhex(value[1]))
    if tag == "list":
        return "[" + ", ".join(_describe(v) for v in value[1]) + "]"
    if tag == "tuple":
        inner = ", ".join(_describe(v) for v in value[1])
        return f"({inner},)" if len(value[1]) == 1 else f"({inner})"
    if tag in ("set", "frozenset"):
        if not value[1]:
            return f"{tag}()"
        inner = "{" + ", ".join(_describe(v) for v in value[1]) + "}"
        return inner if tag == "set" else f"frozenset({inner})"
    if tag == "dict":
        return "{" + ", ".join(f"{_describe(k)}: {_describe(v)}" for k, v in value[1]) + "}"
    if tag == "obj":
        fields = ", ".join(f"{k}={_describe(v)}" for k, v in value[2])
        return f"{value[1]}({fields})"
    if tag == "repr":
        return str(value[2])
    if tag == "raise":
        name = value[1][0] if value[1] else "Exception"
        return f"raised {name}: {value[2]}" if value[2] else f"raised {name}"
    return "(too large to show)"


def describe_json(value: Encoded, limit: int = 300) -> str:
    """Render an observation as JSON (``{"id": 1, "ok": true}``, ``null``): how a web
    response's body reads. A value JSON cannot hold (a set, bytes, an object, an error,
    a key that is not text) is rendered the way Python prints it instead.
    """
    try:
        text = json.dumps(_plain_json(value), ensure_ascii=False)
    except (TypeError, ValueError, IndexError, KeyError, OverflowError):
        return describe(value, limit)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render(value: Encoded, limit: int = 300, *, as_json: bool = False) -> str:
    """``describe_json`` for a body or an HTTP exercise's value, else ``describe``."""
    return describe_json(value, limit) if as_json else describe(value, limit)


def _plain_json(value: Encoded) -> Any:
    tag = value[0] if isinstance(value, list) and value else None
    if tag == "none":
        return None
    if tag == "bool":
        return bool(value[1])
    if tag == "int":
        return int(value[1])
    if tag == "float":
        return float(value[1])
    if tag == "str":
        return str(value[1])
    if tag in ("list", "tuple"):
        return [_plain_json(item) for item in value[1]]
    if tag == "dict":
        plain: dict[str, Any] = {}
        for key, item in value[1]:
            if not (isinstance(key, list) and key[:1] == ["str"]):
                raise TypeError("a JSON key is text")
            plain[str(key[1])] = _plain_json(item)
        return plain
    raise TypeError(f"no JSON for {tag!r}")


def _float_text(number: float | str) -> str:
    return number if isinstance(number, str) else repr(number)


def is_exception(value: Encoded) -> bool:
    return isinstance(value, list) and bool(value) and value[0] == "raise"


def first_difference(expected: Encoded, observed: Encoded, *, as_json: bool = False) -> str | None:
    """Where two structured observations first differ, in words a beginner reads.

    ``the item at index 0: expected `201`, got `200```, ``the key 'id' is missing
    (expected `1`)``, ``the key 'name' in the key 'user' should not be there``. None when
    they match, or when the difference is the whole value (nothing to point at).
    """
    if matches(expected, observed):
        return None
    return _difference(expected, observed, [], as_json)


def _where(path: list[str]) -> str:
    """Path steps innermost first: "the key 'name' in the item at index 2"."""
    return " in ".join(reversed(path))


def _difference(
    expected: Encoded, observed: Encoded, path: list[str], as_json: bool = False
) -> str | None:
    if (
        isinstance(expected, list)
        and isinstance(observed, list)
        and len(expected) > 1
        and len(observed) > 1
        and expected[0] == observed[0]
    ):
        tag = expected[0]
        if tag in ("list", "tuple"):
            if len(expected[1]) != len(observed[1]):
                whole = _where(path) or "the result"
                return f"{whole} has {len(observed[1])} items, expected {len(expected[1])}"
            for index, (want, got) in enumerate(zip(expected[1], observed[1], strict=True)):
                if not matches(want, got):
                    step = f"the item at index {index}"
                    return _difference(want, got, [*path, step], as_json)
        if tag == "dict":
            wanted = {json_key(k): (k, v) for k, v in expected[1]}
            given = {json_key(k): (k, v) for k, v in observed[1]}
            for key, (raw, value) in wanted.items():
                step = f"the key {render(raw, 60, as_json=as_json)}"
                if key not in given:
                    return f"{_where([*path, step])} is missing (expected {_code(value, as_json)})"
                if not matches(value, given[key][1]):
                    return _difference(value, given[key][1], [*path, step], as_json)
            extra = [given[key][0] for key in given if key not in wanted]
            if extra:
                step = f"the key {render(extra[0], 60, as_json=as_json)}"
                return f"{_where([*path, step])} should not be there"
    if not path:
        return None
    return f"{_where(path)}: expected {_code(expected, as_json)}, got {_code(observed, as_json)}"


def _code(value: Encoded, as_json: bool = False) -> str:
    return code(render(value, 120, as_json=as_json))


def json_key(value: Encoded) -> str:
    return json.dumps(value, sort_keys=True)
