"""The adaptive path as the API and the pages show it: mastery, Continue's reason, placement."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from pyroad.accounts.models import User
from pyroad.curriculum.model import Catalog
from pyroad.learning import recommend
from pyroad.learning.mastery import MASTERED
from pyroad.learning.placement import MAX_ATTEMPTS, PlacementStatus
from pyroad.learning.recommend import EvidenceKind, Learner


class ConceptOut(BaseModel):
    concept: str
    percent: int = Field(description="P(known) from Bayesian knowledge tracing, in percent")
    mastered: bool
    attempts: int = Field(description="graded attempts on exercises practising it")
    passes: int
    placed: bool = Field(description="raised by a passed placement check")


class StepMasteryOut(BaseModel):
    number: int
    title: str
    percent: int = Field(
        description="mean of its concepts, weighted by how often the course uses each"
    )
    mastered: bool = Field(description="tested out, or each exercise solved or covered")
    tested_out: bool
    concepts: list[ConceptOut] = Field(description="weakest first")


class MasteryOut(BaseModel):
    threshold: int = Field(description="the percent at which a concept counts as mastered")
    steps: list[StepMasteryOut]


class RecommendationOut(BaseModel):
    kind: Literal["lesson", "exercise"]
    slug: str
    title: str
    step: int
    url: str
    because: str = Field(description="one sentence naming the evidence behind the pick")
    concept: str | None = Field(None, description="the weakest unlocked concept it practises")
    mastery: int | None = Field(None, description="that concept's mastery, in percent")
    evidence: EvidenceKind | None = None


class NextUpOut(BaseModel):
    next: RecommendationOut | None = Field(description="null: every step is mastered")


class CheckExerciseOut(BaseModel):
    slug: str
    title: str
    url: str
    difficulty: str
    state: Literal["to-do", "passed", "failed"]
    attempts: int


class CheckStepOut(BaseModel):
    number: int
    title: str
    state: Literal["pending", "passed", "failed"]
    exercises: list[CheckExerciseOut]


class PlacementOut(BaseModel):
    started: bool
    finished: bool
    decided: bool = Field(description="every step passed or failed: ready to finish")
    rule: str
    steps: list[CheckStepOut]


RULE = (
    f"Solve each exercise of a step without a hint, in at most {MAX_ATTEMPTS} submissions "
    "after starting the check, to test out of that step."
)


def mastery_out(catalog: Catalog, learner: Learner) -> MasteryOut:
    steps = [learner.mastery.step(catalog, step, learner.solved) for step in catalog.steps]
    return MasteryOut(
        threshold=round(100 * MASTERED),
        steps=[
            StepMasteryOut(
                number=s.number,
                title=s.title,
                percent=s.percent,
                mastered=s.mastered,
                tested_out=s.tested_out,
                concepts=[
                    ConceptOut(
                        concept=c.concept,
                        percent=c.percent,
                        mastered=c.mastered,
                        attempts=c.attempts,
                        passes=c.passes,
                        placed=c.placed,
                    )
                    for c in s.concepts
                ],
            )
            for s in steps
        ],
    )


def recommendation_out(catalog: Catalog, learner: Learner) -> NextUpOut:
    found = recommend.next_for(catalog, learner)
    if found is None:
        return NextUpOut(next=None)
    item = found.next.item
    return NextUpOut(
        next=RecommendationOut(
            kind=item.kind,
            slug=item.slug,
            title=item.title,
            step=item.step,
            url=item.url,
            because=found.next.because,
            concept=found.concept,
            mastery=found.mastery,
            evidence=found.evidence,
        )
    )


def placement_out(status: PlacementStatus) -> PlacementOut:
    return PlacementOut(
        started=status.started,
        finished=status.finished,
        decided=status.decided,
        rule=RULE,
        steps=[
            CheckStepOut(
                number=step.number,
                title=step.title,
                state=step.state,
                exercises=[
                    CheckExerciseOut(
                        slug=item.exercise.slug,
                        title=item.exercise.title,
                        url=f"/exercises/{item.exercise.slug}",
                        difficulty=item.exercise.difficulty.value,
                        state=item.state,
                        attempts=item.attempts,
                    )
                    for item in step.exercises
                ],
            )
            for step in status.steps
        ],
    )


def learner_of(session: Session, catalog: Catalog, user: User) -> Learner:
    return recommend.load(session, catalog, user)
