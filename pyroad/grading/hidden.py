"""What a failing *hidden* test may tell the learner: the rule, never the data.

A hidden probe's failure says only the probe's ``message`` (the rule that broke). Its code,
its input, the expected value, what the learner's code returned, what it printed and the
exception's message are all withheld, because each can carry the input or the answer and
turn one failing submission's feedback into a lookup table for the next.

Everything the sandbox reports is written by code the learner controls, so any text from
it is a channel out. What a hidden failure does show is rebuilt here from trusted parts:

- the exception's type name, only if it is a built-in exception or a name that appears in
  the learner's own source or the exercise's files (chosen before any input was seen);
- where it was raised: line numbers of the learner's file (each checked against the
  submitted code) with those lines quoted from the submitted code, not from the sandbox.

- a fact about the learner's own run, one bit each: their function returned None and
  printed something, or their program printed nothing (never what was printed);
- an explanation (``explain``) built from the learner's code, the exercise's files and the
  names above; a name read from an exception's message is said only when it appears in
  the learner's code, and messages of syntax and import errors are not read at all.

What remains is a few bits per test (passed or not, which listed name, which line), the
price of an error a learner can act on; a lookup table needs the inputs and answers.
A hidden test's ``shows`` (its description) is never sent: it could quote the input.
"""

from __future__ import annotations

import builtins
import re
from collections.abc import Iterable
from typing import Any

HIDDEN_NOTE = "(A hidden test: its input and expected result are not shown.)"
_LEARNER_FRAME = re.compile(r'File "solution\.py", line (\d+)')
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_MAX_FRAMES = 12
_BUILTIN_EXCEPTIONS = frozenset(
    name
    for name, value in vars(builtins).items()
    if isinstance(value, type) and issubclass(value, BaseException)
) | {"GitCommandError", "LearnerScriptError"}


def speakable_names(*sources: str) -> frozenset[str]:
    """Exception names a hidden failure may show: built-ins and identifiers in ``sources``."""
    found: set[str] = set(_BUILTIN_EXCEPTIONS)
    for source in sources:
        found.update(_IDENTIFIER.findall(source))
    return frozenset(found)


def exception_name(observed: Any, allowed: Iterable[str]) -> str:
    """The most specific name of the raised exception's classes that may be shown."""
    allowed = frozenset(allowed)
    names = observed[1] if isinstance(observed, list) and len(observed) > 1 else []
    if isinstance(names, list):
        for name in names:
            if isinstance(name, str) and name in allowed:
                return name
    return "Exception"


def learner_traceback(sandbox_traceback: object, code: str, name: str) -> str:
    """A traceback of the learner's own lines, rebuilt from the submitted code.

    Only the line numbers are read from the sandbox's text; the quoted source comes from
    ``code`` and the last line is the (already filtered) exception name without a message.
    """
    lines = code.splitlines()
    numbers = [int(n) for n in _LEARNER_FRAME.findall(str(sandbox_traceback))[:_MAX_FRAMES]]
    frames = [n for n in numbers if 1 <= n <= len(lines)]
    if not frames:
        return ""
    parts = ["Traceback (most recent call last):"]
    for number in frames:
        parts.append(f'  File "solution.py", line {number}')
        parts.append(f"    {lines[number - 1].strip()}")
    parts.append(name)
    return "\n".join(parts) + "\n"


def where_raised(traceback: str) -> str:
    """`` on line 12`` from a rebuilt traceback (its last frame), or nothing."""
    numbers = _LEARNER_FRAME.findall(traceback)
    return f" on line {numbers[-1]}" if numbers else ""
