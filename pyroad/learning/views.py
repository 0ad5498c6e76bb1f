"""Build the learner-facing views of the course (used by the API and the pages alike)."""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pydantic_core import to_json
from sqlalchemy.orm import Session

from pyroad.accounts.models import User
from pyroad.curriculum.model import Catalog, Exercise, Lesson
from pyroad.curriculum.render import render_cached
from pyroad.curriculum.schemas import (
    ExerciseOut,
    ExerciseRef,
    LessonOut,
    LessonRef,
    LimitsOut,
    NextOut,
    PathStopOut,
    RoadmapOut,
    StepOut,
    StepProgressOut,
)
from pyroad.learning import recommend, services
from pyroad.learning.path import CoursePath, NextItem, PathItem, Progress
from pyroad.learning.services import ExerciseState
from pyroad.running.console import has_console
from pyroad.running.quiet import reads_input


def exercise_ref(exercise: Exercise, states: dict[str, str]) -> ExerciseRef:
    # Built from the loaded catalog, already valid: no validation per field and per request.
    return ExerciseRef.model_construct(
        slug=exercise.slug,
        title=exercise.title,
        step=exercise.step,
        difficulty=exercise.difficulty.value,
        minutes=exercise.minutes,
        state=states.get(exercise.slug, ExerciseState.NEW),
        project=exercise.project,
    )


def lesson_ref(lesson: Lesson) -> LessonRef:
    return LessonRef.model_construct(slug=lesson.slug, title=lesson.title, step=lesson.step)


def next_out(found: NextItem | None) -> NextOut | None:
    if found is None:
        return None
    item = found.item
    return NextOut(
        kind=item.kind,
        slug=item.slug,
        title=item.title,
        step=item.step,
        url=item.url,
        because=found.because,
    )


def _stop(
    item: PathItem, states: dict[str, str], progress: Progress, path: CoursePath
) -> PathStopOut:
    if item.exercise is None:
        state = "read" if path.done(item, progress) else "new"
        return PathStopOut.model_construct(
            kind=item.kind, slug=item.slug, title=item.title, url=item.url, state=state
        )
    return PathStopOut.model_construct(
        kind=item.kind,
        slug=item.slug,
        title=item.title,
        url=item.url,
        state=states.get(item.slug, ExerciseState.NEW),
        difficulty=item.exercise.difficulty.value,
        minutes=item.exercise.minutes,
        project=item.exercise.project,
    )


def roadmap_view(session: Session, catalog: Catalog, user: User | None) -> RoadmapOut:
    """The steps with progress and the path; a visitor without an account sees it all "new"."""
    states = services.exercise_states(session, user) if user else {}
    # One query per kind of fact for the whole page: progress, badges and Continue share them.
    solved = frozenset(slug for slug, state in states.items() if state == ExerciseState.SOLVED)
    read = frozenset(services.read_lessons(session, user)) if user else frozenset()
    progress = Progress(read=read, solved=solved)
    path = CoursePath.of_cached(catalog)
    by_step: dict[int, list[PathItem]] = {}
    for item in path.items:
        by_step.setdefault(item.step, []).append(item)
    steps = [
        StepOut.model_construct(
            number=p.step.number,
            slug=p.step.slug,
            title=p.step.title,
            summary=p.step.summary,
            lessons=[lesson_ref(lesson) for lesson in p.step.lessons],
            # In path order (lesson by lesson), the order Continue walks them.
            exercises=[
                exercise_ref(item.exercise, states)
                for item in by_step.get(p.step.number, [])
                if item.exercise is not None
            ],
            progress=StepProgressOut.model_construct(
                solved=p.solved, total=p.total, percent=p.percent, state=p.state
            ),
            path=[_stop(item, states, progress, path) for item in by_step.get(p.step.number, [])],
        )
        for p in services.roadmap(catalog, states)
    ]
    upcoming = services.first_unsolved(catalog, set(solved))
    return RoadmapOut.model_construct(
        steps=steps,
        next_exercise=exercise_ref(upcoming, states) if upcoming else None,
        next=_continue(session, catalog, user, read, solved) if user else next_out(path.first()),
    )


def _continue(
    session: Session, catalog: Catalog, user: User, read: frozenset[str], solved: frozenset[str]
) -> NextOut | None:
    """Continue for a learner: the adaptive pick and its reason (``learning.recommend``)."""
    learner = recommend.load(session, catalog, user, read=read, solved=solved)
    found = recommend.next_for(catalog, learner)
    return next_out(found.next if found else None)


def roadmap_json(session: Session, catalog: Catalog, user: User | None) -> bytes:
    """``roadmap_view`` serialised, the API's hot path: the course's shape is dumped once per
    catalog and each request only puts in this learner's states (same JSON, a tenth the time).
    """
    skeleton = _skeleton(catalog)
    if user is None:
        return skeleton.anonymous
    states = services.exercise_states(session, user)
    solved = frozenset(slug for slug, state in states.items() if state == ExerciseState.SOLVED)
    read = frozenset(services.read_lessons(session, user))

    def stop_state(stop: dict[str, Any]) -> str:
        if stop["kind"] == "lesson":
            return "read" if stop["slug"] in read else "new"
        return states.get(stop["slug"], ExerciseState.NEW)

    steps = [
        {
            **shape,
            "exercises": [
                {**ref, "state": states[ref["slug"]]} if ref["slug"] in states else ref
                for ref in shape["exercises"]
            ],
            "progress": {
                "solved": p.solved,
                "total": p.total,
                "percent": p.percent,
                "state": p.state,
            },
            "path": [
                stop if stop["state"] == (state := stop_state(stop)) else {**stop, "state": state}
                for stop in shape["path"]
            ],
        }
        for shape, p in zip(skeleton.steps, services.roadmap(catalog, states), strict=True)
    ]
    upcoming = services.first_unsolved(catalog, set(solved))
    found = _continue(session, catalog, user, read, solved)
    body = {
        "steps": steps,
        "next_exercise": exercise_ref(upcoming, states).model_dump() if upcoming else None,
        "next": found.model_dump() if found else None,
    }
    return to_json(body)


@dataclass(frozen=True)
class _Skeleton:
    steps: list[dict[str, Any]]  # the visitor's roadmap, as JSON-ready dicts (shared: read only)
    anonymous: bytes


_SKELETONS: dict[int, _Skeleton] = {}


def _skeleton(catalog: Catalog) -> _Skeleton:
    key = id(catalog)
    found = _SKELETONS.get(key)
    if found is None:
        view = roadmap_view(None, catalog, None)  # type: ignore[arg-type]  # no user: no query
        dumped = view.model_dump(mode="json")
        found = _SKELETONS[key] = _Skeleton(dumped["steps"], to_json(dumped))
        weakref.finalize(catalog, _SKELETONS.pop, key, None)  # ids are reused after collection
    return found


def lesson_view(session: Session, catalog: Catalog, user: User | None, slug: str) -> LessonOut:
    lesson = catalog.require_lesson(slug)
    states = services.exercise_states(session, user) if user else {}
    return LessonOut(
        slug=lesson.slug,
        step=lesson.step,
        title=lesson.title,
        concepts=list(lesson.concepts),
        markdown=lesson.body,
        html=render_cached(lesson.body).html,
        exercises=[exercise_ref(e, states) for e in catalog.exercises_for_lesson(slug)],
    )


def unread_lessons(
    session: Session, catalog: Catalog, user: User | None, slug: str
) -> list[LessonRef]:
    """The lessons an exercise practises that this learner has not opened ([] for a visitor)."""
    if user is None:
        return []
    read = services.read_lessons(session, user)
    exercise = catalog.require_exercise(slug)
    lessons = [catalog.lesson(s) for s in exercise.lessons if s not in read]
    return [lesson_ref(lesson) for lesson in lessons if lesson is not None]


def _reads_stdin(exercise: Exercise) -> bool:
    """A program exercise whose starter or reference solution reads input (cached per text)."""
    if exercise.kind != "program":
        return False
    return _reads_cached(exercise.starter) or _reads_cached(exercise.solution)


@lru_cache(maxsize=1024)
def _reads_cached(code: str) -> bool:
    return reads_input(code)


def exercise_view(session: Session, catalog: Catalog, user: User | None, slug: str) -> ExerciseOut:
    """The statement and starter for anyone; hints, draft and state only for the learner."""
    exercise = catalog.require_exercise(slug)
    facts = services.exercise_facts(session, user, slug) if user else None
    lessons = [catalog.lesson(s) for s in exercise.lessons]
    return ExerciseOut(
        slug=exercise.slug,
        step=exercise.step,
        title=exercise.title,
        difficulty=exercise.difficulty.value,
        minutes=exercise.minutes,
        concepts=list(exercise.concepts),
        kind=exercise.kind.value,
        statement=exercise.statement,
        statement_html=render_cached(exercise.statement).html,
        starter=exercise.starter,
        limits=LimitsOut(time_s=exercise.limits.time_s, memory_mb=exercise.limits.memory_mb),
        hints_total=len(exercise.hints),
        hints=list(exercise.hints[: facts.revealed if facts else 0]),
        tests_total=exercise.tests_total,
        tests_hidden=exercise.tests_hidden,
        console=has_console(exercise),
        stdin=_reads_stdin(exercise),
        lessons=[lesson_ref(lesson) for lesson in lessons if lesson is not None],
        state=facts.state if facts else ExerciseState.NEW,
        draft=facts.draft if facts else None,
    )
