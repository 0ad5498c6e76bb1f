"""The check every answer passes before a learner reads it: no secret of the exercise in it.

The secrets of an exercise are what its feedback withholds (``pyroad.grading.hidden``): the
hidden probes' code, their inputs and expected values (fixed and pooled), and the reference
solution with its alternative correct solutions. A fragment that the learner can read anyway
(the statement, the starter, visible tests and their expectations, the rules, hints, their
own code) is not a secret and is never flagged.

The offline tutor builds answers only from what the learner may see, so for it this check is
a second lock; for a language model, which could be talked into anything, it is the lock.
Besides exact fragments it refuses solution-shaped code: a code block defining one of the
exercise's functions with a body, or one whose tokens largely match the reference.
"""

from __future__ import annotations

import ast
import difflib
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pyroad.curriculum.model import Exercise
from pyroad.grading.compare import render
from pyroad.grading.shows import learner_names

MIN_TEXT = 3  # characters of a hidden string input worth looking for (shorter: noise)
MIN_LINE = 12  # characters of a reference line worth looking for ("return None" is not)
MIN_NUMBER = 100  # smaller integers appear everywhere ("port 0", "2 tests")
SIMILAR = 0.6  # token similarity of a code block to the reference that counts as the solution
_TOKEN = re.compile(r"[A-Za-z_]\w*|\d+|\S")
_FENCED = re.compile(r"```[^\n]*\n(.*?)(?:```|$)", re.DOTALL)
_INDENTED = re.compile(r"(?:^(?: {4}|\t).*(?:\n|$))+", re.MULTILINE)


@dataclass(frozen=True)
class Finding:
    """Why an answer may not be shown (said to logs and tests, never with the secret)."""

    kind: str  # "hidden-test", "expected-value", "solution-line", "solution-code"
    where: str  # which test or which function, never the value itself


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")


class Fragment:
    """A secret text; a number matches only standing alone (8080 is not in 18080 or 8080.5)."""

    __slots__ = ("pattern", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.pattern = (
            re.compile(rf"(?<![\w.]){re.escape(text)}(?![\w]|\.\d)")
            if _NUMBER.fullmatch(text)
            else None
        )

    def found_in(self, haystack: str) -> bool:
        if self.text not in haystack:
            return False
        return self.pattern is None or self.pattern.search(haystack) is not None


@dataclass(frozen=True)
class Secrets:
    """One exercise's secret fragments, minus everything its learners can read anyway."""

    fragments: tuple[tuple[Fragment, Finding], ...]
    solution_lines: tuple[str, ...]
    solution_tokens: tuple[str, ...]
    functions: frozenset[str]
    public: str = ""  # what learners read (flattened): code quoted from it is no solution

    def check(self, answer: str, *, learner_code: str = "") -> list[Finding]:
        """Every reason ``answer`` may not be shown; [] when it is clean."""
        flat = _flat(answer)
        mine = _flat(learner_code)
        found: list[Finding] = []
        for fragment, finding in self.fragments:
            if finding not in found and fragment.found_in(flat) and not fragment.found_in(mine):
                found.append(finding)
        for line in self.solution_lines:
            if line in flat and line not in mine:
                found.append(Finding("solution-line", "the reference solution"))
                break
        for block in code_blocks(answer):
            solution = self._solution_code(block, learner_code)
            if solution is not None and solution not in found:
                found.append(solution)
        return found

    def _solution_code(self, block: str, learner_code: str) -> Finding | None:
        flat = _flat(block)
        if flat and (flat in _flat(learner_code) or flat in self.public):
            return None  # their own code quoted back, or the statement's or starter's code
        try:
            tree = ast.parse(block)
        except (SyntaxError, ValueError):
            tree = None
        if tree is not None:
            for node in ast.walk(tree):
                if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                    continue
                if node.name in self.functions and _has_body(node):
                    return Finding("solution-code", f"a definition of {node.name}")
        words = _TOKEN.findall(block)
        if len(words) >= 12 and self.solution_tokens:
            ratio = difflib.SequenceMatcher(None, words, self.solution_tokens).ratio()
            if ratio >= SIMILAR:
                return Finding("solution-code", "code close to the reference solution")
        return None


def code_blocks(markdown: str) -> list[str]:
    """Fenced and indented code blocks of a Markdown text."""
    blocks = [match.group(1) for match in _FENCED.finditer(markdown)]
    without = _FENCED.sub("", markdown)
    blocks += [_dedent(match.group(0)) for match in _INDENTED.finditer(without)]
    return [block for block in blocks if block.strip()]


@functools.lru_cache(maxsize=256)
def secrets_of(exercise: Exercise) -> Secrets:
    """The exercise's secrets (cached per exercise: the catalog is immutable while serving)."""
    public = _flat(_public_text(exercise))
    fragments: list[tuple[Fragment, Finding]] = []
    seen: set[tuple[str, Finding]] = set()

    def add(text: str, finding: Finding) -> None:
        flat = _flat(text)
        if not flat or (flat, finding) in seen:
            return
        seen.add((flat, finding))
        fragment = Fragment(flat)
        if not fragment.found_in(public):
            fragments.append((fragment, finding))

    pinned = exercise.pinned or {}
    pools = exercise.pinned_pools or {}
    for probe in exercise.tests:
        if probe.visible:
            continue
        where = Finding("hidden-test", f"hidden test {probe.name!r}")
        if len(_flat(probe.code)) >= MIN_LINE:
            add(probe.code, where)
        for literal in _literals(probe.code):
            for text in _spellings(literal):
                add(text, where)
        expected = Finding("expected-value", f"hidden test {probe.name!r}")
        if probe.name in pinned:
            for text in _observation_texts(pinned[probe.name]):
                add(text, expected)
        for case in pools.get(probe.name, []):
            for text in _value_texts(case.get("case")):
                add(text, where)
            for text in _observation_texts(case.get("expected")):
                add(text, expected)
    solutions = [exercise.solution, *(code for _, code in exercise.right_solutions)]
    lines = []
    for source in solutions:
        for line in source.splitlines():
            flat = _flat(line)
            if len(flat) >= MIN_LINE and flat not in public and not flat.startswith("#"):
                lines.append(flat)
    return Secrets(
        fragments=tuple(fragments),
        solution_lines=tuple(dict.fromkeys(lines)),
        solution_tokens=tuple(_TOKEN.findall(exercise.solution)),
        functions=learner_names(exercise),
        public=public,
    )


def _public_text(exercise: Exercise) -> str:
    """Everything about the exercise a learner reads before or while solving it."""
    parts = [exercise.title, exercise.statement, exercise.starter, *exercise.hints]
    pinned = exercise.pinned or {}
    for probe in exercise.tests:
        parts += [probe.name, probe.message, probe.shows, *probe.labels]
        if probe.visible:
            parts.append(probe.code)
            if probe.name in pinned:
                parts += _observation_texts(pinned[probe.name])
    return "\n".join(parts)


def _literals(code: str) -> list[Any]:
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return []
    found: list[Any] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and not isinstance(node.value, bool):
            found.append(node.value)
    return found


def _spellings(value: Any) -> list[str]:
    """How a literal could appear in an answer: its text and its repr, if long enough."""
    if isinstance(value, str):
        out = []
        if len(value.strip()) >= MIN_TEXT:
            out.append(value)
        if value.strip() and len(repr(value)) >= MIN_TEXT + 2:
            out += [repr(value), '"' + value.replace('"', '\\"') + '"']
        return out
    if isinstance(value, bytes):
        return [repr(value)] if len(value) >= MIN_TEXT else []
    big = isinstance(value, float) or (isinstance(value, int) and abs(value) >= MIN_NUMBER)
    if big and not isinstance(value, bool):
        return [repr(value)]
    return []


def _value_texts(value: Any) -> list[str]:
    """The spellings of a plain value and of every leaf inside it (a pool case)."""
    texts = _spellings(value)
    if isinstance(value, dict):
        for key, item in value.items():
            texts += _value_texts(key) + _value_texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            texts += _value_texts(item)
    return texts


def _observation_texts(observed: Any) -> list[str]:
    """An expected observation as a learner would read it, and its leaf values."""
    texts: list[str] = []
    try:
        rendered = render(observed, 2000)
    except Exception:  # an observation of a shape render does not know: leaves only
        rendered = ""
    if len(rendered.strip()) >= MIN_TEXT + 2 and rendered not in ("None", "True", "False"):
        texts.append(rendered)
    texts += _leaves(observed)
    return texts


def _leaves(observed: Any) -> list[str]:
    """Strings and numbers inside an encoded observation (["str", "x"], ["tuple", [...]], …)."""
    if isinstance(observed, list) and len(observed) >= 2 and isinstance(observed[0], str):
        tag, rest = observed[0], observed[1:]
        if tag in ("str", "int", "float", "bytes") and rest:
            return _spellings(rest[0]) if tag != "bytes" else []
        if tag == "exception":
            return []  # which error is expected is the rule, not a value
        return [text for item in rest for text in _leaves(item)]
    if isinstance(observed, list):
        return [text for item in observed for text in _leaves(item)]
    if isinstance(observed, dict):
        return [text for item in observed.values() for text in _leaves(item)]
    return _spellings(observed) if isinstance(observed, str | int | float) else []


def _flat(text: str) -> str:
    """Whitespace runs as one space: an answer reflowed by a model still matches."""
    return " ".join(text.split())


def _has_body(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> bool:
    """More than a stub: a docstring, ``pass`` or ``...`` alone is a signature, not a solution."""
    body = [
        statement
        for statement in node.body
        if not (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant))
        and not isinstance(statement, ast.Pass)
    ]
    return len(body) >= 1


def _dedent(block: str) -> str:
    return "\n".join(
        line[4:] if line.startswith("    ") else line.lstrip("\t") for line in block.splitlines()
    )


def check_all(secrets: Secrets, texts: Iterable[str], learner_code: str = "") -> list[Finding]:
    """The findings of several texts together (an answer's parts)."""
    return [finding for text in texts for finding in secrets.check(text, learner_code=learner_code)]
