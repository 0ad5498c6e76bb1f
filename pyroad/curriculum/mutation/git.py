"""Mutation operators for git exercises: the script is bash, one command per line.

A command continued over several lines (an open quote, a trailing backslash or ``&&``)
is one unit, as in the transcript (``harness.split_commands``); edited words are
re-quoted for bash, and the shell's operators (``>``, ``>>``, ``&&``, ``|``...) stay
operators.

Plausible slips: a line left out, two steps in the wrong order, a flag forgotten or the
neighbouring flag used (``--soft`` for ``--hard``), a revision off by one (``HEAD~2`` for
``HEAD~1``), ``>`` for ``>>``. Lines that only look (``git status``, ``git log``, ``git diff``,
a bare ``git branch``) are never dropped or moved: leaving them out changes nothing a probe
should care about, so such mutants would be equivalent by construction. Their flags are
mutated only when the line asks something (``git log -S TEXT``), never its layout flags.
"""

from __future__ import annotations

import hashlib
import re
import shlex
from collections.abc import Iterator

from pyroad.curriculum.mutation.operators import Mutant
from pyroad.grading.harness import split_commands

_LOOK_ONLY = {"status", "log", "diff", "show", "blame", "shortlog", "reflog"}
_LISTS_WITHOUT_ARGS = {"branch", "tag", "stash", "remote"}
_FLAG_SWAPS = {
    "--soft": ("--mixed", "--hard"),
    "--mixed": ("--soft",),
    "--hard": ("--soft",),
    "-d": ("-D",),
    "-D": ("-d",),
    "--ff-only": ("--no-ff",),
    "--no-ff": ("--ff-only",),
    "-c": ("-C",),
    "-S": ("-G",),
    "--staged": ("--worktree",),
    "--worktree": ("--staged",),
}
# How a look-only command shows things; dropping one changes only the layout.
_DISPLAY = {"--oneline", "--short", "--stat", "--graph", "--decorate", "-s"}
_REVISION = re.compile(r"^(.*[~^])(\d+)$")
_OPERATORS = {">", ">>", "<", "2>", "2>>", "&>", "2>&1", ">&2", "&&", "||", "|", ";", "&"}


def _words(line: str) -> list[str]:
    try:
        return shlex.split(line, comments=True)
    except ValueError:
        return []


def _join(words: list[str]) -> str:
    """Words back into a bash command: quoted as needed, operators left as operators."""
    return " ".join(word if word in _OPERATORS else shlex.quote(word) for word in words)


def _units(script: str) -> list[str]:
    """The script's lines, each multi-line command joined into the line it starts on."""
    lines = script.splitlines()
    units = list(lines)
    for number, command in split_commands(script):
        span = command.count("\n") + 1
        if span > 1:
            units[number - 1] = "\n".join(lines[number - 1 : number - 1 + span])
            for index in range(number, number - 1 + span):
                units[index] = ""
    return units


def _look_only(line: str) -> bool:
    words = _words(line)
    if len(words) < 2 or words[0] != "git":
        return False
    command = words[1]
    return command in _LOOK_ONLY or (command in _LISTS_WITHOUT_ARGS and len(words) == 2)


def _word_edits(words: list[str], look_only: bool) -> Iterator[tuple[str, list[str]]]:
    for index, word in enumerate(words):
        if index == 0:
            continue
        if word.startswith("-") and words[0] == "git":
            if not (look_only and word in _DISPLAY):
                yield "flag", words[:index] + words[index + 1 :]
            for other in _FLAG_SWAPS.get(word, ()):
                yield "flag", [*words[:index], other, *words[index + 1 :]]
        revision = _REVISION.match(word)
        if revision and words[0] == "git":
            number = int(revision.group(2))
            for changed in (number + 1, number - 1):
                if changed >= 1:
                    new = f"{revision.group(1)}{changed}"
                    yield "num", [*words[:index], new, *words[index + 1 :]]
        if word == ">>":
            yield "flag", [*words[:index], ">", *words[index + 1 :]]


def git_mutants(script: str) -> list[Mutant]:
    """Every distinct mutant of a git script, in line order."""
    lines = _units(script)
    commands = [i for i, line in enumerate(lines) if _words(line)]
    found: list[Mutant] = []
    seen = {"\n".join(lines)}

    def add(operator: str, number: int, before: str, after: str, new_lines: list[str]) -> None:
        code = "\n".join(new_lines)
        if code in seen:
            return
        seen.add(code)
        digest = hashlib.sha256(f"{operator}\0{before}\0{after}".encode()).hexdigest()[:6]
        found.append(
            Mutant(f"{operator}-L{number}-{digest}", operator, number, before, after, code + "\n")
        )

    for position, index in enumerate(commands):
        line = lines[index].strip()
        if not _look_only(line):
            add("drop", index + 1, line, "(removed)", lines[:index] + lines[index + 1 :])
        if position + 1 < len(commands):
            following = commands[position + 1]
            other = lines[following].strip()
            if not _look_only(line) and not _look_only(other) and line != other:
                swapped = list(lines)
                swapped[index], swapped[following] = lines[following], lines[index]
                add("swap", index + 1, f"{line} / {other}", f"{other} / {line}", swapped)
        words = _words(line)
        look_only = _look_only(line)
        if look_only and all(word.startswith("-") for word in words[2:]):
            continue  # `git log --oneline`: nothing but how to show it
        for operator, changed in _word_edits(words, look_only):
            after = _join(changed)
            add(operator, index + 1, line, after, [*lines[:index], after, *lines[index + 1 :]])
    return found
