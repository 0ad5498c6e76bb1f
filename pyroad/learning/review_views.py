"""The review queue and cards as the API, the dashboard and the CLI show them."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from pyroad.curriculum.model import Catalog
from pyroad.db import utcnow
from pyroad.learning import review
from pyroad.learning.review_models import ReviewCard


class ReviewConceptOut(BaseModel):
    concept: str = Field(description="The concept tag (as in the exercises' `concepts`).")
    name: str = Field(description="Its readable name.")
    due: datetime = Field(description="When FSRS scheduled it to come back (UTC).")
    last_review: datetime | None = Field(description="Its last rating (the pass that added it).")
    reps: int = Field(description="Ratings so far, the first pass included.")
    lapses: int = Field(description="Times it was forgotten (rated again) after the first pass.")


class ReviewItemOut(BaseModel):
    slug: str
    title: str
    url: str
    step: int
    difficulty: str
    minutes: int
    solved: bool = Field(description="Whether the learner solved this exercise before.")
    last_solved_at: datetime | None
    because: str = Field(description="One sentence: which concepts came due, why this exercise.")
    concepts: list[ReviewConceptOut] = Field(description="The due concepts it reviews.")


class ReviewQueueOut(BaseModel):
    """Due reviews as exercises; a graded attempt at one rates the concepts it lists."""

    now: datetime
    due: int = Field(description="Due concepts (in the exercises shown and the `more`).")
    items: list[ReviewItemOut] = Field(description="Review exercises, most overdue first.")
    more: int = Field(description="Review exercises due beyond the ones listed.")
    total: int = Field(description="All the learner's concepts in review.")
    next_due: ReviewConceptOut | None = Field(description="The soonest concept not due yet.")


class ReviewCardOut(ReviewConceptOut):
    state: str = Field(description="FSRS state: learning, review or relearning.")
    stability: float | None = Field(description="FSRS stability in days.")
    difficulty: float | None = Field(description="FSRS difficulty, 1 (easy) to 10.")
    retrievability: float = Field(description="Predicted chance of recall now, 0 to 1.")


class ReviewCardsOut(BaseModel):
    cards: list[ReviewCardOut] = Field(description="Every concept in review, soonest due first.")


def concept_out(catalog: Catalog, card: ReviewCard) -> ReviewConceptOut:
    return ReviewConceptOut(
        concept=card.concept,
        name=review.concept_name(catalog, card.concept),
        due=card.due,
        last_review=card.last_review,
        reps=card.reps,
        lapses=card.lapses,
    )


def queue_out(
    session: Session,
    catalog: Catalog,
    user_id: int,
    now: datetime | None = None,
    limit: int = review.QUEUE_LIMIT,
) -> ReviewQueueOut:
    """The learner's queue at ``now`` (default: this moment)."""
    now = now or utcnow()
    queue = review.review_queue(session, catalog, user_id, now, limit)
    return ReviewQueueOut(
        now=now,
        due=queue.due,
        items=[
            ReviewItemOut(
                slug=item.exercise.slug,
                title=item.exercise.title,
                url=f"/exercises/{item.exercise.slug}",
                step=item.exercise.step,
                difficulty=item.exercise.difficulty.value,
                minutes=item.exercise.minutes,
                solved=item.last_solved is not None,
                last_solved_at=item.last_solved,
                because=item.because(catalog, now),
                concepts=[concept_out(catalog, card) for card in item.cards],
            )
            for item in queue.items
        ],
        more=queue.more,
        total=queue.total,
        next_due=concept_out(catalog, queue.next_due) if queue.next_due else None,
    )


def cards_out(session: Session, catalog: Catalog, user_id: int, now: datetime) -> ReviewCardsOut:
    return ReviewCardsOut(
        cards=[
            ReviewCardOut(
                **concept_out(catalog, card).model_dump(),
                state=card.state.value,
                stability=card.stability,
                difficulty=card.difficulty,
                retrievability=round(review.retrievability(card, now), 4),
            )
            for card in review.cards_of(session, user_id)
        ]
    )
