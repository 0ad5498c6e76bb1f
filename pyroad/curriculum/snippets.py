"""The Python blocks of a lesson, as runnable snippets, and the gate that runs them.

A lesson's code must work when a learner types it in, so every ```` ```python ```` block runs
in the learners' sandbox during ``pyroad curriculum check``. The fence's info string says how:

- ```` ```python ```` runs on its own;
- ```` ```python continue ```` runs after the blocks before it (up to the last block that ran
  on its own), as when a lesson builds one example over several blocks;
- ```` ```python raises=ValueError ```` must end by raising that exception (a lesson showing an
  error on purpose; the blocks after it continue from the blocks before it);
- ```` ```python stdin="Ada\\n" ```` feeds ``input()`` (escapes as in a Python string).

Markdown renders only the first word (the language), so the markers are invisible to readers.
"""

from __future__ import annotations

import ast
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pyroad.curriculum.loader import ContentProblem
from pyroad.curriculum.model import Lesson
from pyroad.grading.compare import is_exception
from pyroad.grading.sandbox import Job, Limits, RunStatus, Sandbox

_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>[^\n`]*)$")
_MARKERS = ("continue", "raises", "stdin")
SNIPPET_LIMITS = Limits(wall_s=10.0, cpu_s=8.0, memory_mb=512)


class SnippetSyntaxError(ValueError):
    """A fence's markers cannot be read; the message says which and how to write it."""


@dataclass(frozen=True)
class Snippet:
    """One Python block of a lesson, with what must run before it and how it must end."""

    line: int  # of the opening fence, 1-based
    code: str
    prelude: str  # the earlier blocks a ``continue`` block builds on
    raises: str | None = None
    stdin: str = ""

    @property
    def program(self) -> str:
        return f"{self.prelude}\n{self.code}" if self.prelude else self.code


def python_blocks(markdown: str) -> Iterator[tuple[int, str, str]]:
    """Yield ``(line, info, code)`` for each fenced block whose language is Python."""
    lines = markdown.splitlines()
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        fence, info = opening["fence"], opening["info"].strip()
        body: list[str] = []
        index += 1
        while index < len(lines) and not lines[index].strip().startswith(fence):
            body.append(lines[index])
            index += 1
        start = index - len(body)  # 1-based line of the opening fence
        index += 1
        words = info.split(maxsplit=1)
        if words and words[0] in ("python", "py", "python3"):
            yield start, words[1] if len(words) > 1 else "", "\n".join(body) + "\n"


def lesson_snippets(markdown: str) -> list[Snippet]:
    """The lesson's Python blocks in order, each with its prelude; raises SnippetSyntaxError."""
    snippets: list[Snippet] = []
    chain: list[str] = []
    for line, info, code in python_blocks(markdown):
        options = _markers(info, line)
        continues, raises = "continue" in options, options.get("raises")
        if continues and not chain:
            raise SnippetSyntaxError(
                f"line {line}: `continue` on the lesson's first Python block: "
                "there is nothing before it to continue"
            )
        snippets.append(
            Snippet(
                line=line,
                code=code,
                prelude="\n".join(chain) if continues else "",
                raises=raises,
                stdin=options.get("stdin", ""),
            )
        )
        # A block that raises on purpose is a side trip: later blocks cannot build on it,
        # but it does not end the example the blocks around it are building.
        if raises is None:
            chain = [*chain, code] if continues else [code]
    return snippets


def _markers(info: str, line: int) -> dict[str, str]:
    options: dict[str, str] = {}
    try:
        words = shlex.split(info)
    except ValueError as error:
        raise SnippetSyntaxError(f"line {line}: cannot read the fence markers ({error})") from None
    for word in words:
        key, _, value = word.partition("=")
        if key not in _MARKERS:
            known = ", ".join(_MARKERS)
            raise SnippetSyntaxError(f"line {line}: unknown fence marker {key!r} (known: {known})")
        if key == "stdin":
            try:
                value = ast.literal_eval(f'"{value}"')
            except (SyntaxError, ValueError):
                raise SnippetSyntaxError(
                    f"line {line}: stdin={value!r} is not a valid string"
                ) from None
        elif key == "raises" and not value.isidentifier():
            raise SnippetSyntaxError(
                f"line {line}: raises= needs an exception name, e.g. raises=ValueError"
            )
        options[key] = value
    return options


def check_lesson_snippets(sandbox: Sandbox, lesson: Lesson) -> list[ContentProblem]:
    """Run every Python block of ``lesson`` in the sandbox; a problem per block that misbehaves."""
    try:
        snippets = lesson_snippets(lesson.body)
    except SnippetSyntaxError as error:
        return [ContentProblem(lesson.path, None, str(error))]
    offset = _body_offset(lesson.path, lesson.body)
    problems = []
    for snippet in snippets:
        message = _run(sandbox, snippet)
        if message:
            problems.append(ContentProblem(lesson.path, snippet.line + offset, message))
    return problems


def _run(sandbox: Sandbox, snippet: Snippet) -> str | None:
    """Run one snippet as a learner's script; say what is wrong, or None when it behaved."""
    job = Job(
        kind="program",
        code=snippet.program,
        tests=(("snippet", f"run_program(stdin={snippet.stdin!r})"),),
    )
    outcome = sandbox.run(job, SNIPPET_LIMITS)
    if outcome.status is not RunStatus.COMPLETED:
        return f"the Python block did not finish ({outcome.status}): {outcome.detail}"
    events = {event.get("event"): event for event in outcome.events}
    if "load_error" in events:
        return f"the Python block does not compile: {_last_line(events['load_error'])}"
    result = events.get("test", {})
    raised = _raised_names(result.get("observed"))
    if snippet.raises is None and raised:
        return (
            f"the Python block raises {raised[0]} when run on its own: "
            f"{_last_line(result)} (mark it `continue` if it builds on the block before, "
            f"or `raises={raised[0]}` if the error is the point)"
        )
    if snippet.raises is not None and snippet.raises not in raised:
        got = f"it raised {raised[0]}" if raised else "it ran without error"
        return f"the Python block is marked raises={snippet.raises} but {got}"
    return None


def _raised_names(observed: object) -> list[str]:
    """Exception class names (the class, then its bases) when the run ended by raising."""
    if is_exception(observed) and isinstance(observed, list) and isinstance(observed[1], list):
        return [str(name) for name in observed[1]]
    return []


def _last_line(event: dict[str, object]) -> str:
    text = str(event.get("traceback") or "").strip()
    return text.splitlines()[-1] if text else "no traceback"


def _body_offset(path: Path, body: str) -> int:
    """Lines of front matter before ``body`` in the file, so problems name the file's line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return 0
    position = text.find(body[:200]) if body else -1
    return text.count("\n", 0, position) if position > 0 else 0
