""" "Did you mean …?" for a mistyped exercise or lesson slug."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from pyroad.curriculum.model import Catalog, Exercise, Lesson
from pyroad.errors import NotFound


def closest(slug: str, known: Iterable[str], count: int = 3) -> list[str]:
    """The known slugs nearest ``slug`` in spelling, best first (maybe none)."""
    return difflib.get_close_matches(slug, list(known), n=count, cutoff=0.6)


def did_you_mean(slug: str, known: Iterable[str]) -> str:
    """`` did you mean `a` or `b`?`` (with a leading space), or "" when nothing is close."""
    found = closest(slug, known)
    if not found:
        return ""
    names = [f"`{name}`" for name in found]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    return f" did you mean {listed}?"


def require_exercise(catalog: Catalog, slug: str) -> Exercise:
    """The exercise, or NotFound whose detail suggests the nearest slugs."""
    try:
        return catalog.require_exercise(slug)
    except NotFound as error:
        hint = did_you_mean(slug, (e.slug for e in catalog.exercises))
        raise NotFound(f"{error.detail};{hint}" if hint else error.detail) from None


def require_lesson(catalog: Catalog, slug: str) -> Lesson:
    """The lesson, or NotFound whose detail suggests the nearest slugs."""
    try:
        return catalog.require_lesson(slug)
    except NotFound as error:
        hint = did_you_mean(slug, (lesson.slug for lesson in catalog.lessons))
        raise NotFound(f"{error.detail};{hint}" if hint else error.detail) from None
