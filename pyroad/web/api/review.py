"""Spaced review: the learner's due review exercises and their concepts' FSRS cards.

A learner reads only their own; a teacher or mentor of a cohort the learner is in (or an
admin) may read a learner's queue. To anyone else another learner's queue does not exist.
"""

from __future__ import annotations

from fastapi import APIRouter

from pyroad.accounts.models import User
from pyroad.db import utcnow
from pyroad.errors import NotFound
from pyroad.learning.review_views import ReviewCardsOut, ReviewQueueOut, cards_out, queue_out
from pyroad.teaching.access import can_view_learner
from pyroad.web.deps import CatalogDep, CurrentUser, RowId, SessionDep
from pyroad.web.errors import problem_responses

router = APIRouter(tags=["review"])


@router.get("/review", response_model=ReviewQueueOut, responses=problem_responses(401))
def my_queue(user: CurrentUser, session: SessionDep, catalog: CatalogDep) -> ReviewQueueOut:
    """Your due reviews: for each due concept an exercise practising it (one not solved yet,
    else the one solved longest ago). Any graded attempt at an exercise practising a due
    concept reviews it: passed first try → good, after failures or hints → hard, three
    failures → again (it comes back the next day)."""
    return queue_out(session, catalog, user.id, utcnow())


@router.get("/review/cards", response_model=ReviewCardsOut, responses=problem_responses(401))
def my_cards(user: CurrentUser, session: SessionDep, catalog: CatalogDep) -> ReviewCardsOut:
    """Every concept you have in review, soonest due first, with its FSRS memory state."""
    return cards_out(session, catalog, user.id, utcnow())


@router.get(
    "/learners/{learner_id}/review",
    response_model=ReviewQueueOut,
    responses=problem_responses(401, 404),
)
def learner_queue(
    learner_id: RowId,
    user: CurrentUser,
    session: SessionDep,
    catalog: CatalogDep,
) -> ReviewQueueOut:
    """A learner's review queue, for themself or the staff of a cohort they are in."""
    if learner_id != user.id and (
        session.get(User, learner_id) is None or not can_view_learner(session, user, learner_id)
    ):
        raise NotFound(f"no learner with id {learner_id} whose review queue you may see")
    return queue_out(session, catalog, learner_id, utcnow())
