"""Build the learner-facing views of the course (used by the API and the pages alike)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from pyroad.accounts.models import User
from pyroad.curriculum.model import Catalog, Exercise, Lesson
from pyroad.curriculum.render import render_markdown
from pyroad.curriculum.schemas import (
    ExerciseOut,
    ExerciseRef,
    LessonOut,
    LessonRef,
    LimitsOut,
    RoadmapOut,
    StepOut,
    StepProgressOut,
)
from pyroad.learning import services
from pyroad.learning.services import ExerciseState


def exercise_ref(exercise: Exercise, states: dict[str, str]) -> ExerciseRef:
    return ExerciseRef(
        slug=exercise.slug,
        title=exercise.title,
        step=exercise.step,
        difficulty=exercise.difficulty.value,
        minutes=exercise.minutes,
        state=states.get(exercise.slug, ExerciseState.NEW),
        project=exercise.project,
    )


def lesson_ref(lesson: Lesson) -> LessonRef:
    return LessonRef(slug=lesson.slug, title=lesson.title, step=lesson.step)


def roadmap_view(session: Session, catalog: Catalog, user: User) -> RoadmapOut:
    states = services.exercise_states(session, user)
    steps = [
        StepOut(
            number=p.step.number,
            slug=p.step.slug,
            title=p.step.title,
            summary=p.step.summary,
            lessons=[lesson_ref(lesson) for lesson in p.step.lessons],
            exercises=[exercise_ref(e, states) for e in p.step.exercises],
            progress=StepProgressOut(
                solved=p.solved, total=p.total, percent=p.percent, state=p.state
            ),
        )
        for p in services.roadmap(catalog, states)
    ]
    # One query for everything on the page: progress, badges and "Continue" share the states.
    solved = {slug for slug, state in states.items() if state == ExerciseState.SOLVED}
    upcoming = services.first_unsolved(catalog, solved)
    return RoadmapOut(
        steps=steps, next_exercise=exercise_ref(upcoming, states) if upcoming else None
    )


def lesson_view(session: Session, catalog: Catalog, user: User, slug: str) -> LessonOut:
    lesson = catalog.require_lesson(slug)
    states = services.exercise_states(session, user)
    return LessonOut(
        slug=lesson.slug,
        step=lesson.step,
        title=lesson.title,
        concepts=list(lesson.concepts),
        markdown=lesson.body,
        html=render_markdown(lesson.body).html,
        exercises=[exercise_ref(e, states) for e in catalog.exercises_for_lesson(slug)],
    )


def exercise_view(session: Session, catalog: Catalog, user: User, slug: str) -> ExerciseOut:
    exercise = catalog.require_exercise(slug)
    revealed = services.hints_revealed(session, user, slug)
    draft = services.get_draft(session, user, slug)
    states = services.exercise_states(session, user)
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
        statement_html=render_markdown(exercise.statement).html,
        starter=exercise.starter,
        limits=LimitsOut(time_s=exercise.limits.time_s, memory_mb=exercise.limits.memory_mb),
        hints_total=len(exercise.hints),
        hints=list(exercise.hints[:revealed]),
        tests_total=exercise.tests_total,
        tests_hidden=exercise.tests_hidden,
        lessons=[lesson_ref(lesson) for lesson in lessons if lesson is not None],
        state=states.get(slug, ExerciseState.NEW),
        draft=draft.code if draft else None,
    )
