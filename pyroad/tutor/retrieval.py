"""Lesson sections as a search index (BM25 through the maintained ``bm25s`` library).

A lesson is split at its ``##``/``###`` headings, the same headings the lesson page anchors
(``pyroad.curriculum.render``), so every hit links to ``/lessons/<slug>#<anchor>``. Lessons
are public course content: what the tutor quotes from them is safe for anyone to read.
The index is built once per loaded catalog (a few hundred sections, milliseconds).
"""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt

from pyroad.curriculum.model import Catalog, Lesson

# The lesson page's heading ids: the same function, so a link lands on its heading. The
# page's full render (Pygments for every code block) is not needed for the anchors.
from pyroad.curriculum.render import _slugify as heading_anchor

EXCERPT = 320  # characters of a section quoted in an answer
OWN_LESSON_BOOST = 1.5  # a section of a lesson the exercise names ranks above a near tie
_MARKDOWN = MarkdownIt("commonmark").enable("table")
_WORD = re.compile(r"[a-z0-9_]+")
# Words that say nothing about a topic (English function words and the tutor's own vocabulary).
_STOP = """a about above after again all also am an and any are as at be because been before being
    below between both but by can could did do does doing don down during each few for from
    further had has have having he her here hers him his how i if in into is it its itself just
    me more most my no nor not now of off on once only or other our out over own same she should
    so some such than that the their them then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you your
    yours please help tell explain understand get got give make work works working doesn wrong
    fail fails failing failed test tests code my mine"""
STOPWORDS = frozenset(_STOP.split())


@dataclass(frozen=True)
class Section:
    """One part of a lesson under one heading (the lesson's opening part has none)."""

    lesson: str
    lesson_title: str
    heading: str
    anchor: str  # "" for the part before the first heading
    text: str  # Markdown source of the section

    @property
    def url(self) -> str:
        return f"/lessons/{self.lesson}" + (f"#{self.anchor}" if self.anchor else "")

    @property
    def title(self) -> str:
        return f"{self.lesson_title} › {self.heading}" if self.heading else self.lesson_title

    def excerpt(self, limit: int = EXCERPT) -> str:
        """The section's first prose sentences, code blocks left out (they read badly cut)."""
        prose = re.sub(r"```.*?(```|$)", " (…) ", self.text, flags=re.DOTALL)
        prose = re.sub(r"^#+ .*$", " ", prose, flags=re.MULTILINE)
        prose = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", prose, flags=re.MULTILINE)  # bullets
        words = " ".join(prose.split())
        if len(words) <= limit:
            return words
        cut = words[:limit]
        end = cut.rfind(". ")
        return cut[: end + 1] if end > limit // 2 else cut.rsplit(" ", 1)[0] + " …"


@dataclass(frozen=True)
class Hit:
    section: Section
    score: float


# A learner's words for what the lessons name in Python's (one word each way is enough).
SYNONYMS = {
    "dictionary": "dict",
    "dictionaries": "dict",
    "integer": "int",
    "integers": "int",
    "str": "string",
    "boolean": "bool",
    "exception": "except",
    "exceptions": "except",
    "catch": "except",
    "array": "list",
    "arrays": "list",
}


def tokens(text: str) -> list[str]:
    """Lower-case words without stop words, plurals and ``-ing``/``-ed`` folded (a light stem)."""
    found = []
    for word in _WORD.findall(text.lower().replace("-", " ")):
        if word in STOPWORDS or len(word) < 2:
            continue
        found.append(stem(SYNONYMS.get(word, word)))
    return found


def stem(word: str) -> str:
    """A conservative suffix strip: enough for "loops"/"loop", "parsing"/"parse", "raised"."""
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", "e"), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: -len(suffix)] + keep
    return word


def split_sections(lesson: Lesson) -> list[Section]:
    """The lesson's sections, with the anchors the lesson page gives its headings."""
    lines = lesson.body.splitlines()
    starts: list[tuple[int, str, str]] = []
    parsed = _MARKDOWN.parse(lesson.body)
    used: dict[str, int] = {}
    for index, token in enumerate(parsed):
        if token.type != "heading_open" or token.tag not in ("h2", "h3") or not token.map:
            continue
        text = parsed[index + 1].content
        anchor = heading_anchor(text)
        used[anchor] = used.get(anchor, 0) + 1
        if used[anchor] > 1:  # as the page numbers a repeated heading: #s-example-2
            anchor = f"{anchor}-{used[anchor]}"
        starts.append((token.map[0], text, anchor))
    sections = []
    first = starts[0][0] if starts else len(lines)
    opening = "\n".join(line for line in lines[:first] if not line.startswith("# "))
    if opening.strip():
        sections.append(Section(lesson.slug, lesson.title, "", "", opening.strip()))
    for index, (line, text, anchor) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(lines)
        body = "\n".join(lines[line + 1 : end]).strip()
        sections.append(Section(lesson.slug, lesson.title, text, anchor, body))
    return sections


class LessonIndex:
    """BM25 over every lesson section of a catalog."""

    def __init__(self, lessons: Iterable[Lesson]) -> None:
        # Here, not at start-up: only the tutor needs it (and numpy). It ships no type hints.
        import bm25s  # type: ignore[import-untyped]

        self.sections: list[Section] = []
        corpus: list[list[str]] = []
        for lesson in lessons:
            concepts = " ".join(lesson.concepts)
            for section in split_sections(lesson):
                self.sections.append(section)
                # The heading and the lesson's concepts count twice: they say what it is about.
                text = f"{section.heading} {section.heading} {lesson.title} {concepts} "
                corpus.append(tokens(text + section.text))
        self.vocabulary = {word for document in corpus for word in document}
        self._bm25: Any = bm25s.BM25()
        if corpus:
            self._bm25.index(corpus, show_progress=False)

    def search(self, query: str, *, limit: int = 3, prefer: Iterable[str] = ()) -> list[Hit]:
        """The best sections for ``query``; sections of the ``prefer`` lessons are boosted."""
        words = [word for word in tokens(query) if word in self.vocabulary]
        if not words or not self.sections:
            return []
        found, scores = self._bm25.retrieve(
            [words], k=len(self.sections), show_progress=False, n_threads=1
        )
        preferred = set(prefer)
        hits = []
        for index, score in zip(found[0], scores[0], strict=True):
            section = self.sections[int(index)]
            value = float(score) * (OWN_LESSON_BOOST if section.lesson in preferred else 1.0)
            if value > 0:
                hits.append(Hit(section, value))
        hits.sort(key=lambda hit: -hit.score)
        return hits[:limit]


_INDEXES: dict[int, LessonIndex] = {}
_LOCK = threading.Lock()


def index_for(catalog: Catalog) -> LessonIndex:
    """The catalog's index, built on first use and kept while the catalog lives."""
    key = id(catalog)
    found = _INDEXES.get(key)
    if found is None:
        with _LOCK:
            found = _INDEXES.get(key)
            if found is None:
                found = _INDEXES[key] = LessonIndex(catalog.lessons)
                weakref.finalize(catalog, _INDEXES.pop, key, None)  # ids are reused later
    return found
