"""Markdown to safe HTML for lessons and statements: highlighted code, anchored headings."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

_FORMATTER = HtmlFormatter(nowrap=True)
_ALLOWED_TAGS = nh3.ALLOWED_TAGS | {
    "span",
    "pre",
    "code",
    "h1",
    "h2",
    "h3",
    "h4",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "div",
}
_ALLOWED_ATTRIBUTES = {"*": {"class", "id"}, "a": {"href", "title"}}


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str


@dataclass(frozen=True)
class Rendered:
    html: str
    toc: tuple[Heading, ...]


def _highlight(code: str, language: str, _attrs: str) -> str:
    try:
        lexer = get_lexer_by_name(language or "text")
    except ClassNotFound:
        lexer = get_lexer_by_name("text")
    return f'<pre class="highlight"><code>{highlight(code, lexer, _FORMATTER)}</code></pre>'


def _slugify(text: str) -> str:
    # Prefixed: a heading called "Results" must not take the id of the page's results panel.
    return "s-" + (re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section")


@lru_cache(maxsize=512)
def render_markdown(source: str) -> Rendered:
    """Render trusted-but-sanitized Markdown (content authors are people too)."""
    md = MarkdownIt("commonmark", {"highlight": _highlight}).enable("table")
    tokens = md.parse(source)
    toc: list[Heading] = []
    used: dict[str, int] = {}
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag in ("h2", "h3"):
            text = tokens[index + 1].content
            anchor = _slugify(text)
            used[anchor] = used.get(anchor, 0) + 1
            if used[anchor] > 1:  # "Example" twice: #s-example, #s-example-2
                anchor = f"{anchor}-{used[anchor]}"
            token.attrSet("id", anchor)
            toc.append(Heading(int(token.tag[1]), text, anchor))
    html = md.renderer.render(tokens, md.options, {})
    clean = nh3.clean(html, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES)
    return Rendered(html=clean, toc=tuple(toc))


def pygments_css() -> str:
    light = HtmlFormatter(style="friendly").get_style_defs(".highlight")
    dark = HtmlFormatter(style="monokai").get_style_defs(".highlight")
    return f"{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n"


@lru_cache(maxsize=4096)
def render_cached(source: str) -> Rendered:
    """``render_markdown`` once per text: curriculum Markdown never changes while serving.

    The result is shared between requests: read it, never change it.
    """
    return render_markdown(source)
