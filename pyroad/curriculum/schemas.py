"""API shapes for the roadmap, lessons and exercises. Hidden tests and solutions never appear."""

from __future__ import annotations

from pydantic import BaseModel


class ExerciseRef(BaseModel):
    slug: str
    title: str
    step: int
    difficulty: str
    minutes: int
    state: str  # solved | attempted | new
    project: bool = False


class LessonRef(BaseModel):
    slug: str
    title: str
    step: int


class StepProgressOut(BaseModel):
    solved: int
    total: int
    percent: int
    state: str  # done | in-progress | not-started


class StepOut(BaseModel):
    number: int
    slug: str
    title: str
    summary: str
    lessons: list[LessonRef]
    exercises: list[ExerciseRef]
    progress: StepProgressOut


class RoadmapOut(BaseModel):
    steps: list[StepOut]
    next_exercise: ExerciseRef | None


class LessonOut(BaseModel):
    slug: str
    step: int
    title: str
    concepts: list[str]
    markdown: str
    html: str
    exercises: list[ExerciseRef]


class LimitsOut(BaseModel):
    time_s: float
    memory_mb: int


class ExerciseOut(BaseModel):
    slug: str
    step: int
    title: str
    difficulty: str
    minutes: int
    concepts: list[str]
    kind: str
    statement: str
    statement_html: str
    starter: str
    limits: LimitsOut
    hints_total: int
    hints: list[str]  # the ones this learner has revealed
    tests_total: int = 0  # test results per submission (a randomised test counts its sample)
    tests_hidden: int = 0  # of which hidden: a failure shows the rule, not the input or answer
    lessons: list[LessonRef]
    state: str
    draft: str | None


class HintsOut(BaseModel):
    revealed: int
    total: int
    hints: list[str]


class DraftIn(BaseModel):
    code: str


class DraftOut(BaseModel):
    code: str
    updated_at: str
