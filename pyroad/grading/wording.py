"""Markdown pieces for feedback a beginner reads: code spans, blocks, visible whitespace.

Feedback messages are Markdown (the page renders them escape-first, the CLI prints them
readably). Values from a learner's run can hold backticks, newlines or nothing at all, so
every piece of code or output goes through ``code`` or ``block`` here, which always make
valid Markdown, and whitespace that decides a difference is said in words.
"""

from __future__ import annotations

import re

_WHITESPACE_WORDS = {
    " ": "a space",
    "\n": "a line break",
    "\t": "a tab",
    "\r": "a carriage return (`\\r`)",
    "\u00a0": "a non-breaking space",
}
CONTEXT = 20  # characters of text quoted before a difference


def code(text: str) -> str:
    """``text`` as one inline code span, whatever backticks, spaces or newlines it holds."""
    if text == "":
        return "(empty text)"
    text = text.replace("\r\n", "↵").replace("\n", "↵").replace("\r", "↵")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    # A span starting or ending with a backtick or a space is padded: Markdown strips one space
    # on each side when both sides have one, so the content reads exactly as it is.
    pad = " " if text[0] in "` " or text[-1] in "` " else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def edges_marked(text: str) -> str:
    """Spaces at the start and end of ``text`` as ␣, which a code span would hide."""
    core = text.strip(" ")
    if not core:
        return "␣" * len(text)
    start = len(text) - len(text.lstrip(" "))
    end = len(text) - len(text.rstrip(" "))
    return "␣" * start + core + "␣" * end


def block(text: str) -> str:
    """``text`` as an indented code block, blank lines around it; "(nothing)" when empty."""
    if text == "":
        return "\n    (nothing)\n"
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    body = "\n".join(f"    {line}" for line in lines) if lines else "    "
    return f"\n{body}\n"


def char_words(char: str) -> str:
    """One character as a beginner reads it: "a space", "a line break", or `x`."""
    if char == "":
        return "the end of the text"
    return _WHITESPACE_WORDS.get(char, code(char))


def first_differing_index(expected: str, got: str) -> int:
    """The index of the first character where the texts differ (the shorter length if one
    is the start of the other)."""
    for index, (want, have) in enumerate(zip(expected, got, strict=False)):
        if want != have:
            return index
    return min(len(expected), len(got))


def text_difference(expected: str, got: str) -> tuple[int, str]:
    """(index, sentence): where two texts first differ and what is there, whitespace in words.

    The sentence names the line and character when the text has several lines, quotes the
    text just before the difference, and says when only case or only spacing differs.
    """
    at = first_differing_index(expected, got)
    want, have = expected[at : at + 1], got[at : at + 1]
    if "\n" in expected or "\n" in got:
        line = expected[:at].count("\n") + 1
        column = at - (expected.rfind("\n", 0, at) + 1) + 1
        where = f"On line {line}, character {column}"
    else:
        where = f"At character {at + 1}"
    before = expected[max(0, at - CONTEXT) : at].rsplit("\n", 1)[-1]
    if before.strip():
        before = before.lstrip()  # cut mid-text: spaces it starts with would read as padding
        # Spaces at the end of the quote would vanish in the span: mark them.
        trimmed = before.rstrip(" ")
        where += f" (after {code(trimmed + '␣' * (len(before) - len(trimmed)))})"
    if got == "":
        return at, f"The expected text starts with {char_words(want)}; yours is empty."
    if not have:
        sentence = f"{where}, your text stops: expected {char_words(want)} next."
    elif not want:
        extra = got[at : at + CONTEXT]
        sentence = f"{where}, the expected text ends but yours goes on with {_more(extra)}."
    else:
        sentence = f"{where}: expected {char_words(want)}, got {char_words(have)}."
    if expected.lower() == got.lower():
        sentence += " Only upper and lower case differ."
    elif expected.split() == got.split():
        sentence += " Only the spacing (spaces, tabs or line breaks) differs."
    return at, sentence


def _more(text: str) -> str:
    if text.strip() == "":
        return " then ".join(dict.fromkeys(char_words(c) for c in text))
    return code(text)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
