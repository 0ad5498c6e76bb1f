"""Lesson sections and BM25 search over them."""

from __future__ import annotations

from pyroad.curriculum.loader import load_catalog
from pyroad.curriculum.render import render_markdown
from pyroad.tutor.retrieval import index_for, split_sections, stem, tokens
from tests.conftest import CURRICULUM

CATALOG, _ = load_catalog(CURRICULUM)


def test_every_section_anchor_is_a_heading_id_of_the_lesson_page() -> None:
    for lesson in CATALOG.lessons:
        anchors = [s.anchor for s in split_sections(lesson) if s.anchor]
        assert anchors == [h.anchor for h in render_markdown(lesson.body).toc], lesson.slug


def test_sections_cover_the_lesson_text_under_their_heading() -> None:
    lesson = CATALOG.require_lesson("making-decisions")
    sections = split_sections(lesson)
    assert sections[0].heading == "" and sections[0].url == "/lessons/making-decisions"
    first = next(s for s in sections if s.heading == "if, elif, else")
    assert first.url == "/lessons/making-decisions#s-if-elif-else"
    assert "from top to bottom" in first.text
    assert "## " not in first.text  # the next heading starts the next section
    assert first.title == f"{lesson.title} › if, elif, else"


def test_excerpts_leave_code_and_bullets_out_and_stop_at_a_sentence() -> None:
    section = next(
        s
        for s in split_sections(CATALOG.require_lesson("numbers-types-and-casting"))
        if s.heading.startswith("Type casting")
    )
    excerpt = section.excerpt(200)
    assert "int(" not in excerpt.split("`int(")[0]  # no raw code lines
    assert "```" not in excerpt and len(excerpt) <= 202


def test_tokens_drop_stop_words_and_fold_simple_endings() -> None:
    assert tokens("Why does my loop fail when parsing the lines?") == ["loop", "pars", "line"]
    assert stem("loops") == stem("loop") and stem("class") == "class"
    assert tokens("dictionary") == tokens("dict")  # a learner's word, the lessons' word


def test_search_finds_the_section_that_teaches_the_failure() -> None:
    index = index_for(CATALOG)
    assert index is index_for(CATALOG)  # built once per catalog
    hits = index.search("ValueError invalid literal for int() with base 10 type casting")
    assert "numbers-types-and-casting" in [hit.section.lesson for hit in hits]
    git = index.search("git commit says nothing to commit")
    assert git[0].section.lesson.startswith("git-")
    assert index.search("the of and") == []  # nothing to look for


def test_the_exercises_own_lessons_are_preferred_on_a_near_tie() -> None:
    index = index_for(CATALOG)
    query = "strings conditionals"
    plain = [h.section.lesson for h in index.search(query, limit=5)]
    preferred = index.search(query, limit=5, prefer=["making-decisions"])
    assert preferred[0].section.lesson == "making-decisions"
    assert plain != [h.section.lesson for h in preferred]
