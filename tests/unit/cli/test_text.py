"""Markdown from the server as terminal text: no backticks, blocks indented, links absolute."""

from __future__ import annotations

import click

from pyroad.cli.text import absolute, terminal_text


def plain(markdown: str, server: str = "") -> str:
    return click.unstyle(terminal_text(markdown, server))


def test_inline_code_bold_and_headings_lose_their_markers() -> None:
    assert plain("Print `Starting <name>…` then **stop**.") == "Print Starting <name>… then stop."
    assert plain("## Your task") == "Your task"
    assert plain("use ``a `tick` inside``") == "use a `tick` inside"
    assert plain("a *response*: a status") == "a response: a status"


def test_stars_that_are_not_emphasis_stay() -> None:
    assert plain("2 * 3 * 4 and *args, **kwargs") == "2 * 3 * 4 and *args, **kwargs"
    assert plain("a star* here and *there") == "a star* here and *there"


def test_fenced_blocks_are_indented_and_kept_verbatim() -> None:
    text = "Expected:\n```text\n  two  spaces **kept**\n```\nDone."
    assert plain(text) == "Expected:\n      two  spaces **kept**\nDone."


def test_relative_links_become_absolute() -> None:
    assert plain("Read [the lesson](/lessons/functions).", "http://h:8000/") == (
        "Read the lesson (http://h:8000/lessons/functions)."
    )
    assert absolute("https://docs.python.org/3/", "http://h:8000") == "https://docs.python.org/3/"
