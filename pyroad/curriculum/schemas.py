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


class PathStopOut(BaseModel):
    """One stop of a step's guided path: lesson 1, the exercises that practise it, lesson 2 …"""

    kind: str  # lesson | exercise
    slug: str
    title: str
    url: str
    state: str  # lesson: read | new; exercise: solved | attempted | new
    difficulty: str | None = None  # exercises only, as on ExerciseRef
    minutes: int | None = None
    project: bool = False


class NextOut(BaseModel):
    """Where Start/Continue lead, and why (shown to the learner as is)."""

    kind: str  # lesson | exercise
    slug: str
    title: str
    step: int
    url: str
    because: str


class StepOut(BaseModel):
    number: int
    slug: str
    title: str
    summary: str
    lessons: list[LessonRef]
    exercises: list[ExerciseRef]
    progress: StepProgressOut
    path: list[PathStopOut] = []


class RoadmapOut(BaseModel):
    steps: list[StepOut]
    next_exercise: ExerciseRef | None  # kept for older clients; `next` follows lessons too
    next: NextOut | None = None


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
    console: bool = False  # a request console: the learner's code is a web app (`app`)
    stdin: bool = False  # a program that reads input: the page offers an input box for Run
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
