"""The guided path: each step's lessons in order, each followed by the exercises that practise it.

An exercise comes right after the *last* of its lessons in its own step, so every lesson it
names has been met before it. An exercise whose lessons all belong to earlier steps (or that
names none) comes after its step's first lesson: the step has been opened, and what it needs
was taught before. Within one lesson's group, exercises keep their ``order`` (easy → hard).

Start and Continue lead to the first item not done: a lesson not read, an exercise not
solved. Solving an exercise does not count as reading its lessons: a learner who jumped
ahead is still led through the lessons they skipped (and each solved exercise is passed by).
Next on a lesson moves on in reading order; Next after an exercise (the verdict of a pass,
the solved exercise's page) is Continue, so the two never disagree.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from pyroad.curriculum.model import Catalog, Exercise, Lesson, Step

Kind = Literal["lesson", "exercise"]


@dataclass(frozen=True, eq=False)  # compared by identity: items come from one path
class PathItem:
    """One stop on the path: a lesson, or an exercise with the lesson it follows."""

    kind: Kind
    slug: str
    title: str
    step: int
    lesson: Lesson | None = None  # the lesson itself, or the one this exercise follows
    exercise: Exercise | None = None

    @property
    def url(self) -> str:
        return f"/{self.kind}s/{self.slug}"


def step_path(step: Step) -> list[PathItem]:
    """One step's items: lesson 1, the exercises that practise it, lesson 2, its exercises …"""
    position = {lesson.slug: index for index, lesson in enumerate(step.lessons)}
    groups: dict[int, list[Exercise]] = {index: [] for index in range(len(step.lessons))}
    for exercise in step.exercises:  # already sorted by (order, slug)
        own = [position[slug] for slug in exercise.lessons if slug in position]
        groups.setdefault(max(own, default=0), []).append(exercise)
    if not step.lessons:  # a step of exercises only: nothing to put before them
        return [_exercise_item(e, None) for e in groups.get(0, [])]
    items: list[PathItem] = []
    for index, lesson in enumerate(step.lessons):
        items.append(PathItem("lesson", lesson.slug, lesson.title, step.number, lesson=lesson))
        items += [_exercise_item(e, lesson) for e in groups[index]]
    return items


def _exercise_item(exercise: Exercise, lesson: Lesson | None) -> PathItem:
    return PathItem(
        "exercise", exercise.slug, exercise.title, exercise.step, lesson=lesson, exercise=exercise
    )


@dataclass(frozen=True)
class Progress:
    """What a learner has done, as the path sees it."""

    read: frozenset[str] = frozenset()  # lesson slugs opened
    solved: frozenset[str] = frozenset()  # exercise slugs passed


@dataclass(frozen=True)
class NextItem:
    """The item to go to next and why, in plain words."""

    item: PathItem
    because: str


@dataclass(frozen=True)
class CoursePath:
    """The whole course as one ordered path (cheap to build: a few hundred items)."""

    items: tuple[PathItem, ...]
    practised_by: dict[str, tuple[str, ...]]  # lesson slug -> exercises that list it

    @classmethod
    def of(cls, catalog: Catalog) -> CoursePath:
        items = tuple(item for step in catalog.steps for item in step_path(step))
        practised: dict[str, list[str]] = {}
        for exercise in catalog.exercises:
            for slug in exercise.lessons:
                practised.setdefault(slug, []).append(exercise.slug)
        return cls(items, {slug: tuple(found) for slug, found in practised.items()})

    @classmethod
    def of_cached(cls, catalog: Catalog) -> CoursePath:
        """The path of a loaded catalog, built once (catalogs are not changed after loading)."""
        key = id(catalog)
        found = _PATHS.get(key)
        if found is None:
            found = _PATHS[key] = cls.of(catalog)
            weakref.finalize(catalog, _PATHS.pop, key, None)  # ids are reused after collection
        return found

    def done(self, item: PathItem, progress: Progress) -> bool:
        return item.slug in (progress.solved if item.kind == "exercise" else progress.read)

    def first(self) -> NextItem | None:
        """Where a newcomer starts (also what anonymous visitors are offered)."""
        return NextItem(self.items[0], self.because(self.items[0])) if self.items else None

    def following(self, slug: str) -> NextItem | None:
        """The item right after ``slug`` whatever is done (for visitors without progress)."""
        index = self._index(slug)
        if index is None or index + 1 >= len(self.items):
            return None
        return NextItem(self.items[index + 1], self.because(self.items[index + 1]))

    def next(self, progress: Progress, after: str | None = None) -> NextItem | None:
        """The first item not done, never ``after`` itself (the page the learner is on).

        On a lesson page, the search starts after it (reading on), wrapping to the first not
        done. After an exercise it starts at the beginning, like Continue: a learner who
        solved it without reading its lessons is led to them, not past them (starting after
        it skipped them, disagreed with Continue and came back to them one by one).

        An exercise that needs a lesson the learner has not read yet gives way to that lesson
        (a learner who jumped ahead is sent back to read it before the exercises using it).
        """
        start = 0
        if after is not None:
            index = self._index(after)
            if index is not None and self.items[index].kind == "lesson":
                start = index + 1
        ordered = self.items[start:] + self.items[:start]
        found = next(
            (item for item in ordered if item.slug != after and not self.done(item, progress)),
            None,
        )
        if found is None:
            return None
        unread = self._unread_lesson(found, progress)
        if unread is not None:
            return NextItem(
                unread, f"Read this first: the next exercise, '{found.title}', uses it."
            )
        return NextItem(found, self.because(found, progress))

    def _index(self, slug: str) -> int | None:
        return self._positions.get(slug)

    def item(self, slug: str) -> PathItem | None:
        """The path's item for a lesson or exercise slug."""
        index = self._positions.get(slug)
        return None if index is None else self.items[index]

    def needs_unread(self, item: PathItem, progress: Progress) -> PathItem | None:
        """The first lesson an exercise names that is not done yet (None: all read)."""
        return self._unread_lesson(item, progress)

    @cached_property
    def _positions(self) -> dict[str, int]:
        return {item.slug: index for index, item in enumerate(self.items)}

    def _lessons_of(self, item: PathItem) -> list[PathItem]:
        """The lessons an exercise names, in path order."""
        if item.exercise is None:
            return []
        found = [self._index(slug) for slug in item.exercise.lessons]
        return [self.items[i] for i in sorted(i for i in found if i is not None)]

    def _unread_lesson(self, item: PathItem, progress: Progress) -> PathItem | None:
        return next((le for le in self._lessons_of(item) if not self.done(le, progress)), None)

    def practised_after(self, lesson_slug: str) -> list[PathItem]:
        """The exercises placed right after a lesson (the ones that use it)."""
        return [
            item
            for item in self.items
            if item.kind == "exercise" and item.lesson and item.lesson.slug == lesson_slug
        ]

    def because(self, item: PathItem, progress: Progress | None = None) -> str:
        """Why this item comes next, in the learner's words (``progress``: a learner's, whose
        solved exercises a lesson's reason does not name as the ones that use it).

        Shown next to the item's title, so it never repeats that title.
        """
        index = self._index(item.slug) or 0
        previous = self.items[index - 1] if index > 0 else None
        if item.kind == "lesson":
            return self._lesson_because(item, previous, progress or Progress())
        taught = self._lessons_of(item)
        if not taught:
            return f"Practice for step {item.step}."
        if previous is not None and previous in taught:
            return f"It practises what '{previous.title}' just taught."
        return f"It practises what {_quoted_list([le.title for le in taught])} taught."

    def _lesson_because(self, item: PathItem, previous: PathItem | None, progress: Progress) -> str:
        if previous is None:
            lead = "Start here"
        elif previous.step != item.step:
            lead = f"Step {item.step} begins here"
        else:
            lead = ""
        # Exercises already solved are no reason to read it: only those still to do are named.
        users = [u for u in self.practised_after(item.slug) if u.slug not in progress.solved]
        if users:
            noun, verb = ("exercise", "uses") if len(users) == 1 else ("exercises", "use")
            reason = f"the {noun} {_quoted_list([u.title for u in users])} {verb} it"
        else:
            # No exercise to do right after it: name the first later one that needs it, if any.
            later = set(self.practised_by.get(item.slug, ())) - progress.solved
            index = self._index(item.slug) or 0
            needing = [i for i in self.items[index:] if i.kind == "exercise" and i.slug in later]
            if needing:
                reason = f"the later exercise '{needing[0].title}' builds on it"
            elif lead:
                count = sum(1 for i in self.items if i.step == item.step and i.kind == "lesson")
                reason = f"the first of step {item.step}'s {count} lessons"
            else:
                reason = f"the next lesson of step {item.step}"
        if not lead:
            return reason[0].upper() + reason[1:] + "."
        return f"{lead}: {reason}."


_PATHS: dict[int, CoursePath] = {}


def _quoted_list(titles: list[str], limit: int = 2) -> str:
    """'A', 'A and B', 'A, B and C', 'A, B and 3 more'."""
    quoted = [f"'{title}'" for title in titles]
    if len(quoted) > limit + 1:
        return ", ".join(quoted[:limit]) + f" and {len(quoted) - limit} more"
    if len(quoted) > 1:
        return ", ".join(quoted[:-1]) + " and " + quoted[-1]
    return quoted[0]
