"""Comments are Markdown without raw HTML, sanitised: nothing in one can run or load."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from pyroad.teaching.mentoring import render_comment

SAFE_TAGS = {"p", "br", "em", "strong", "code", "pre", "ul", "ol", "li", "a", "blockquote"}


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def active(html: str) -> list[str]:
    parser = _Elements()
    parser.feed(html)
    problems = []
    for tag, attrs in parser.found:
        if tag not in SAFE_TAGS:
            problems.append(tag)
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "src"):
                problems.append(f"{tag}[{name}]")
            if name == "href" and not (value or "").startswith(("https:", "http:", "mailto:")):
                problems.append(f"{tag}[href={value}]")
    return problems


def test_the_checker_sees_active_content() -> None:
    assert active('<script>x</script><a href="javascript:x" onclick="y">z</a>') == [
        "script",
        "a[href=javascript:x]",
        "a[onclick]",
    ]


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert('x')</script>hello",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](&#106;avascript:alert(1))",
        "<a href='javascript:alert(1)'>x</a>",
        '<iframe src="https://evil.example"></iframe>',
        "<style>body{display:none}</style>",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![x](https://evil.example/track.png)",
        "<svg onload=alert(1)>",
        "```html\n<script>alert(1)</script>\n```",
        "<details open ontoggle=alert(1)>",
    ],
)
def test_attacks_come_out_inert(attack: str) -> None:
    html = render_comment(attack)
    assert active(html) == [], html


def test_ordinary_markdown_is_kept() -> None:
    html = render_comment(
        "Use **`sum()`**, *not* a loop:\n\n- one\n- two\n\n> quote\n\n"
        "See [the docs](https://docs.python.org/3/library/functions.html#sum).\n\n"
        "```python\nprint(sum(xs))\n```"
    )
    assert "<strong><code>sum()</code></strong>" in html
    assert "<em>not</em>" in html and "<li>one</li>" in html and "<blockquote>" in html
    assert 'href="https://docs.python.org/3/library/functions.html#sum"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
    assert "<pre><code" in html and "print(sum(xs))" in html
    assert "&lt;script&gt;" in render_comment("<script>")  # shown as typed, as text
