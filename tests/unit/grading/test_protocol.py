"""The result-channel reader accepts exactly one shape of stream."""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass

import pytest

from pyroad.grading import harness
from pyroad.grading.protocol import ProtocolViolation, StreamReader, check_encoded

NAMES = ["first", "second"]
START = {"event": "start"}
LOADED = {"event": "loaded", "stdout": ""}
DONE = {"event": "done"}


def probe_event(name: str, observed: object = ("int", 1)) -> dict[str, object]:
    return {"event": "test", "name": name, "observed": list(observed), "stdout": ""}  # type: ignore[call-overload]


def lines(*events: object) -> bytes:
    return b"".join(json.dumps(event).encode() + b"\n" for event in events)


def read(data: bytes, names: list[str] = NAMES) -> StreamReader:
    reader = StreamReader(names)
    reader.feed(data)
    reader.close()
    return reader


def test_a_complete_stream() -> None:
    reader = read(lines(START, LOADED, probe_event("first"), probe_event("second"), DONE))
    assert reader.finished
    assert [e["event"] for e in reader.events] == ["loaded", "test", "test", "done"]


def test_a_load_error_ends_the_stream() -> None:
    error = {
        "event": "load_error",
        "error": ["raise", ["NameError"], "x"],
        "traceback": "",
        "stdout": "",
    }
    reader = read(lines(START, error))
    assert reader.finished


def test_events_split_across_chunks() -> None:
    data = lines(START, LOADED, probe_event("first"), probe_event("second"), DONE)
    reader = StreamReader(NAMES)
    for byte in range(len(data)):
        reader.feed(data[byte : byte + 1])
    reader.close()
    assert reader.finished


@pytest.mark.parametrize(
    "events",
    [
        (LOADED, probe_event("first"), probe_event("second"), DONE),  # no start marker
        (START, START, LOADED),
        (START, probe_event("first")),  # loaded missing
        (START, LOADED, probe_event("second"), probe_event("first"), DONE),  # order
        (START, LOADED, probe_event("first"), probe_event("first"), DONE),  # duplicate
        (
            START,
            LOADED,
            probe_event("first"),
            probe_event("second"),
            probe_event("third"),
            DONE,
        ),  # extra
        (START, LOADED, probe_event("first"), probe_event("second"), DONE, DONE),  # after the end
        (START, LOADED, probe_event("first"), DONE),  # a test skipped
        (
            START,
            LOADED | {"passed": True},
            probe_event("first"),
            probe_event("second"),
            DONE,
        ),  # unknown field
        (START, LOADED, probe_event("first") | {"stdout": 5}, probe_event("second"), DONE),
        (START, LOADED, probe_event("first", ("bogus", 1)), probe_event("second"), DONE),
        (START, LOADED, probe_event("first", ("int", True)), probe_event("second"), DONE),
        (
            START,
            LOADED,
            probe_event("first"),
            probe_event("second"),
            {"event": "done", "overflow": False},
        ),
        (START, {"event": "load_error", "error": ["raise", [], ""], "traceback": "", "stdout": ""}),
        (START, [1, 2]),
    ],
)
def test_violations(events: tuple[object, ...]) -> None:
    with pytest.raises(ProtocolViolation):
        read(lines(*events))


@pytest.mark.parametrize(
    "data",
    [b"not json\n", b'{"event": "start"}\n{"event": "lo', b"[" * 100_000 + b"]" * 100_000 + b"\n"],
)
def test_garbage_and_partial_lines(data: bytes) -> None:
    with pytest.raises(ProtocolViolation):
        read(data)


def test_deep_or_huge_observations_are_rejected() -> None:
    deep: list[object] = ["none"]
    for _ in range(100):
        deep = ["list", [deep]]
    with pytest.raises(ProtocolViolation):
        check_encoded(deep)
    with pytest.raises(ProtocolViolation):
        check_encoded(["list", [["int", 1]] * 50_000])


@dataclass
class Point:
    x: int
    y: float


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        3,
        -(2**70),
        1.5,
        math.nan,
        -math.inf,
        "text",
        b"\x00\xff",
        [1, [2, (3,)]],
        {1, 2},
        frozenset({"a"}),
        {"k": [1, 2]},
        Counter("aab"),
        Point(1, 2.0),
        object(),
        ValueError("boom"),
        "x" * 30_000,
    ],
)
def test_everything_the_harness_encodes_is_accepted(value: object) -> None:
    check_encoded(harness.encode(value))
