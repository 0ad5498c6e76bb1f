"""expected.json is written one observation per line: valid JSON, reviewable diffs."""

from __future__ import annotations

import json

from pyroad.curriculum.check import pinned_text


def test_round_trips_with_one_line_per_observation_and_case() -> None:
    tests = {"plain": ["int", 8080], 'quote "x"': ["str", "a\nb"]}
    pools = {"ports": [{"case": "1", "expected": ["int", 1]}, {"case": "0", "expected": None}]}
    text = pinned_text(tests, pools)
    assert json.loads(text) == {"tests": tests, "pools": pools}
    lines = text.splitlines()
    assert len(lines) == 2 + len(tests) + 1 + 1 + 1 + len(pools["ports"]) + 1 + 1 + 1
    assert any(line.strip().startswith('{"case": "0"') for line in lines)


def test_without_pools_or_tests() -> None:
    assert json.loads(pinned_text({}, None)) == {"tests": {}}
    assert json.loads(pinned_text({"a": None}, {})) == {"tests": {"a": None}}
