"""Adaptive learning API: the explained recommendation, mastery, the placement check.

Each learner reads only their own; staff read a learner's mastery through
``/learners/{id}/mastery`` when ``teaching.access.can_view_learner`` says they may.
"""

from __future__ import annotations

from fastapi import APIRouter

from pyroad.accounts.models import User
from pyroad.errors import NotFound
from pyroad.learning import adaptive_views as views
from pyroad.learning import placement, recommend, versions
from pyroad.learning.adaptive_views import MasteryOut, NextUpOut, PlacementOut
from pyroad.teaching.access import can_view_learner
from pyroad.web.deps import CatalogDep, CurrentUser, RowId, SessionDep
from pyroad.web.errors import problem_responses

router = APIRouter(tags=["adaptive"])


@router.get("/recommendation", response_model=NextUpOut, responses=problem_responses(401))
def recommendation(user: CurrentUser, session: SessionDep, catalog: CatalogDep) -> NextUpOut:
    """Where Continue leads and why: the weakest unlocked concept's exercise at a difficulty
    you are likely to pass (or the lesson it needs first), with one sentence of evidence."""
    return views.recommendation_out(catalog, recommend.load(session, catalog, user))


@router.get("/mastery", response_model=MasteryOut, responses=problem_responses(401))
def mastery(user: CurrentUser, session: SessionDep, catalog: CatalogDep) -> MasteryOut:
    """Your mastery per step and per concept (Bayesian knowledge tracing over your attempts,
    hints and time)."""
    return views.mastery_out(catalog, recommend.load(session, catalog, user))


@router.get(
    "/learners/{learner_id}/mastery",
    response_model=MasteryOut,
    responses=problem_responses(401, 404),
)
def learner_mastery(
    learner_id: RowId,
    user: CurrentUser,
    session: SessionDep,
    catalog: CatalogDep,
) -> MasteryOut:
    """A learner's mastery, for that learner and the staff of their cohorts only."""
    if learner_id != user.id and not can_view_learner(session, user, learner_id):
        raise NotFound(f"no learner with id {learner_id} among the learners you can see")
    learner = session.get(User, learner_id)
    if learner is None:
        raise NotFound(f"no learner with id {learner_id} among the learners you can see")
    return views.mastery_out(catalog, recommend.load(session, catalog, learner))


@router.get("/placement", response_model=PlacementOut, responses=problem_responses(401))
def placement_status(user: CurrentUser, session: SessionDep, catalog: CatalogDep) -> PlacementOut:
    """Your placement check: its exercises per step (1–3) and where each stands."""
    return views.placement_out(recommend.load(session, catalog, user).placement)


@router.post(
    "/placement",
    status_code=201,
    response_model=PlacementOut,
    responses=problem_responses(401, 409),
)
def start_placement(user: CurrentUser, session: SessionDep, catalog: CatalogDep) -> PlacementOut:
    """Start the check (again: no change). Continue then leads through its exercises."""
    placement.start(session, user)
    versions.bump(session, user.id)  # Continue changes
    session.commit()
    return views.placement_out(recommend.load(session, catalog, user).placement)


@router.post(
    "/placement/finish", response_model=PlacementOut, responses=problem_responses(401, 409)
)
def finish_placement(user: CurrentUser, session: SessionDep, catalog: CatalogDep) -> PlacementOut:
    """Record the result: each passed step is tested out of (mastered, skipped by Continue);
    a step not passed yet counts as not passed. Once finished, the result is kept."""
    status = recommend.load(session, catalog, user).placement
    placement.finish(session, status, user)
    versions.bump(session, user.id)
    session.commit()
    return views.placement_out(recommend.load(session, catalog, user).placement)
