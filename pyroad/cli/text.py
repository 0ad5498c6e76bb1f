"""Markdown from the server, printed for a terminal: no raw backticks or asterisks.

Messages, explanations and statements are Markdown (backticks for code, fenced or indented
blocks). In a terminal, inline code is coloured (plain when piped), a fenced block is
indented four spaces, ``**bold**`` is bold, ``*emphasis*`` italic and ``# headings``
lose their hashes.
"""

from __future__ import annotations

import re

import typer

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(`+)(.+?)\1")
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
# *emphasis*: a star hugging a word on each side (``2 * 3`` and ``*args`` stay as they are).
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]*?[^\s*])\*(?![\w*])")
_HEADING = re.compile(r"^#{1,6}\s+")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


def terminal_text(markdown: str, server: str = "") -> str:
    """``markdown`` as terminal text; relative links become ``server`` + path."""
    lines: list[str] = []
    fence: str | None = None
    for line in markdown.splitlines():
        opening = _FENCE.match(line)
        if opening and (fence is None or opening.group(1).startswith(fence)):
            fence = None if fence is not None else opening.group(1)[:3]
            continue
        if fence is not None:
            lines.append(f"    {line}" if line else "")
            continue
        lines.append(_inline(line, server))
    return "\n".join(lines)


def _inline(line: str, server: str) -> str:
    if _HEADING.match(line):
        return typer.style(_HEADING.sub("", line), bold=True)
    if line.startswith("    "):  # an indented code block: code, as it is
        return line
    parts: list[str] = []
    position = 0
    for found in _INLINE_CODE.finditer(line):
        parts.append(_prose(line[position : found.start()], server))
        parts.append(typer.style(found.group(2).strip(), fg="cyan"))
        position = found.end()
    parts.append(_prose(line[position:], server))
    return "".join(parts)


def _prose(text: str, server: str) -> str:
    text = _BOLD.sub(lambda m: typer.style(m.group(1) or m.group(2), bold=True), text)
    text = _EMPHASIS.sub(lambda m: typer.style(m.group(1), italic=True), text)
    return _LINK.sub(lambda m: f"{m.group(1)} ({absolute(m.group(2), server)})", text)


def absolute(link: str, server: str) -> str:
    """A link a terminal can open: ``/lessons/x`` becomes ``http://host:port/lessons/x``."""
    if link.startswith("/") and server:
        return server.rstrip("/") + link
    return link
