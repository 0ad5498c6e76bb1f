"""The trusted side's reader of a run's result channel: strict, bounded, never trusting.

Everything on the channel was written by a process that ran learner code, so the reader
accepts exactly one shape of stream and rejects anything else as a protocol violation:

    start  (loaded test{N, in the job's order} done  |  load_error)

``start`` is written by the sandbox after confinement and before any learner code runs;
it is not passed on. Each event must have exactly the expected fields and types, and each
observation must be a well-formed, bounded tree of the harness's encoding, so a forged
stream cannot crash the comparison (deep nesting, wrong arities) or smuggle extra tests.
A violation makes the whole run unusable: the grader then reports an error, never a pass.
"""

from __future__ import annotations

import json
from typing import Any

from pyroad.grading.sandbox import Event

MAX_DEPTH = 48
MAX_NODES = 20_000
MAX_TEXT = 200_000

_STR_FIELDS = {"stdout", "traceback"}


class ProtocolViolation(Exception):
    """The result channel did not follow the protocol; the message says how."""


class StreamReader:
    """Feed raw bytes from the result channel; collects validated events in order."""

    def __init__(self, test_names: list[str]) -> None:
        self._names = test_names
        self._buffer = b""
        self.started = False
        self.events: list[Event] = []
        self.finished = False  # a complete stream: done, or load_error

    def feed(self, chunk: bytes) -> list[Event]:
        """Validate the complete lines in ``chunk``; return the new events (not ``start``)."""
        self._buffer += chunk
        *lines, self._buffer = self._buffer.split(b"\n")
        fresh: list[Event] = []
        for line in lines:
            event = self._accept(_parse(line))
            if event is not None:
                self.events.append(event)
                fresh.append(event)
        return fresh

    def close(self) -> None:
        """The channel reached EOF; a trailing partial line is a violation."""
        if self._buffer:
            raise ProtocolViolation("the stream ended in the middle of a line")

    def _accept(self, event: dict[str, Any]) -> Event | None:
        kind = event.get("event")
        if self.finished:
            raise ProtocolViolation(f"an event after the end of the stream: {kind!r}")
        if not self.started:
            if event != {"event": "start"}:
                raise ProtocolViolation("the stream did not begin with the sandbox's start marker")
            self.started = True
            return None
        position = len(self.events)
        if position == 0:
            if kind == "loaded":
                _fields(event, required={"stdout"}, optional={"overflow"})
            elif kind == "load_error":
                _fields(event, required={"error", "traceback", "stdout"}, optional={"overflow"})
                _check_raise(event["error"])
                self.finished = True
            else:
                raise ProtocolViolation(f"expected loaded or load_error first, got {kind!r}")
            return event
        test_index = position - 1
        if test_index < len(self._names):
            if kind != "test":
                raise ProtocolViolation(f"expected test {self._names[test_index]!r}, got {kind!r}")
            _fields(
                event, required={"name", "observed", "stdout"}, optional={"traceback", "overflow"}
            )
            if event["name"] != self._names[test_index]:
                raise ProtocolViolation(
                    f"expected test {self._names[test_index]!r}, got {event['name']!r}"
                )
            check_encoded(event["observed"])
            return event
        if kind != "done":
            raise ProtocolViolation(f"expected done after the last test, got {kind!r}")
        _fields(event, required=set(), optional={"overflow"})
        self.finished = True
        return event


def _parse(line: bytes) -> dict[str, Any]:
    try:
        event = json.loads(line)
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        raise ProtocolViolation(f"a line that is not JSON ({type(error).__name__})") from None
    if not isinstance(event, dict) or not isinstance(event.get("event"), str):
        raise ProtocolViolation("a line that is not an event object")
    return event


def _fields(event: dict[str, Any], required: set[str], optional: set[str]) -> None:
    keys = set(event) - {"event"}
    if not required <= keys or not keys <= required | optional:
        raise ProtocolViolation(f"unexpected fields in a {event['event']!r} event: {sorted(keys)}")
    for key in keys & _STR_FIELDS:
        if not isinstance(event[key], str) or len(event[key]) > MAX_TEXT:
            raise ProtocolViolation(f"field {key!r} is not a bounded string")
    if "name" in keys and not isinstance(event["name"], str):
        raise ProtocolViolation("a test name that is not a string")
    if "overflow" in keys and event["overflow"] is not True:
        raise ProtocolViolation("overflow must be true when present")


def _check_raise(value: Any) -> None:
    if not (
        isinstance(value, list)
        and len(value) == 3
        and value[0] == "raise"
        and isinstance(value[1], list)
        and value[1]
        and all(isinstance(name, str) and len(name) < 200 for name in value[1])
        and len(value[1]) < 64
        and isinstance(value[2], str)
        and len(value[2]) <= MAX_TEXT
    ):
        raise ProtocolViolation("a malformed exception observation")


def check_encoded(value: Any) -> None:
    """Raise ``ProtocolViolation`` unless ``value`` is a bounded tree of ``harness.encode``."""
    budget = [MAX_NODES]
    _check(value, 0, budget)


def _check(value: Any, depth: int, budget: list[int]) -> None:
    budget[0] -= 1
    if budget[0] < 0 or depth > MAX_DEPTH:
        raise ProtocolViolation("an observation that is too large or too deep")
    if not isinstance(value, list) or not value or not isinstance(value[0], str):
        raise ProtocolViolation("an observation that is not a tagged list")
    tag, rest = value[0], value[1:]
    if tag in ("none", "trunc"):
        ok = not rest
    elif tag == "bool":
        ok = len(rest) == 1 and isinstance(rest[0], bool)
    elif tag == "int":
        ok = len(rest) == 1 and (
            (isinstance(rest[0], int) and not isinstance(rest[0], bool))
            or (isinstance(rest[0], str) and rest[0].lstrip("-").isdigit() and len(rest[0]) < 5000)
        )
    elif tag == "float":
        ok = len(rest) == 1 and (
            (isinstance(rest[0], float | int) and not isinstance(rest[0], bool))
            or rest[0] in ("nan", "inf", "-inf")
        )
    elif tag in ("str", "bytes"):
        ok = len(rest) == 1 and isinstance(rest[0], str) and len(rest[0]) <= 2 * MAX_TEXT
    elif tag in ("list", "tuple", "set", "frozenset"):
        ok = len(rest) == 1 and isinstance(rest[0], list)
        for item in rest[0] if ok else ():
            _check(item, depth + 1, budget)
    elif tag == "dict":
        ok = len(rest) == 1 and isinstance(rest[0], list)
        for pair in rest[0] if ok else ():
            if not isinstance(pair, list) or len(pair) != 2:
                raise ProtocolViolation("a malformed dict observation")
            _check(pair[0], depth + 1, budget)
            _check(pair[1], depth + 1, budget)
    elif tag == "obj":
        ok = len(rest) == 2 and isinstance(rest[0], str) and isinstance(rest[1], list)
        for pair in rest[1] if ok else ():
            if not isinstance(pair, list) or len(pair) != 2 or not isinstance(pair[0], str):
                raise ProtocolViolation("a malformed object observation")
            _check(pair[1], depth + 1, budget)
    elif tag == "repr":
        ok = len(rest) == 2 and all(
            isinstance(part, str) and len(part) <= MAX_TEXT for part in rest
        )
    elif tag == "raise":
        _check_raise(value)
        ok = True
    else:
        ok = False
    if not ok:
        raise ProtocolViolation(f"a malformed observation with tag {tag!r}")
