"""The explained "what next": Continue picks the weakest unlocked concept's exercise.

The guided path (``learning.path``) still decides *where* the learner is: lessons come before
the exercises that use them, and an exercise needing an unread lesson gives way to it. What
changes is which exercise comes next once its lessons are read:

- an exercise whose concepts are all mastered (or whose step the learner tested out of) is
  passed by, like a solved one: it would teach nothing new;
- among the unsolved exercises of the current step whose lessons are read (the *unlocked*
  ones), Continue takes the concept the learner is weakest in and, of the exercises that
  practise it, the one whose difficulty suits the learner's estimate (easy below
  ``EASY_BELOW``, medium below ``MEDIUM_BELOW``, else hard), so they are likely to succeed;
- the reason names the evidence: the test missed, a mastered concept that faded, the hints
  needed, the mastery estimate.

While a placement check is in progress, Continue leads through its exercises instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy.orm import Session

from pyroad.accounts.models import User
from pyroad.curriculum.model import Catalog, Difficulty
from pyroad.learning import mastery as model
from pyroad.learning import placement
from pyroad.learning.mastery import Attempt, Mastery
from pyroad.learning.path import CoursePath, NextItem, PathItem, Progress
from pyroad.learning.placement import PlacementStatus

EvidenceKind = Literal["missed", "faded", "hints", "estimate", "placement"]
EASY_BELOW = 0.35  # P(known) of the weakest concept under which an easy exercise suits
MEDIUM_BELOW = 0.75
_LEVEL = {Difficulty.EASY: 0, Difficulty.MEDIUM: 1, Difficulty.HARD: 2}


@dataclass(frozen=True)
class Recommendation:
    """Where Continue leads and why; ``concept`` and ``mastery`` when the pick was adaptive."""

    next: NextItem
    concept: str | None = None
    mastery: int | None = None  # percent
    evidence: EvidenceKind | None = None  # None: no evidence yet, the path's reason


@dataclass(frozen=True)
class Learner:
    """Everything the recommendation reads about one learner (a few queries, loaded once)."""

    read: frozenset[str]
    solved: frozenset[str]
    attempts: tuple[Attempt, ...]
    placement: PlacementStatus
    mastery: Mastery


def learner_from(
    catalog: Catalog,
    read: frozenset[str],
    solved: frozenset[str],
    attempts: Sequence[Attempt],
    check: PlacementStatus,
) -> Learner:
    estimate = model.estimate(catalog, attempts, check.tested_out)
    return Learner(read, solved, tuple(attempts), check, estimate)


def load(
    session: Session,
    catalog: Catalog,
    user: User,
    read: frozenset[str] | None = None,
    solved: frozenset[str] | None = None,
) -> Learner:
    """The learner's facts (pass ``read``/``solved`` when the caller has them already)."""
    from pyroad.learning import services  # services.next_item delegates here: no cycle

    if read is None:
        read = frozenset(services.read_lessons(session, user))
    if solved is None:
        solved = frozenset(services.solved_slugs(session, user))
    attempts = model.attempts_of(session, user.id)
    row, recorded = placement.load(session, user.id)
    check = placement.status_from(catalog, row, recorded, attempts)
    return learner_from(catalog, read, solved, attempts, check)


def next_for(catalog: Catalog, learner: Learner, after: str | None = None) -> Recommendation | None:
    """Continue's target (``after``: the page the learner is on); None when all is mastered."""
    path = CoursePath.of_cached(catalog)
    if learner.placement.in_progress:
        found = _placement_next(path, learner.placement)
        if found is not None and found.next.item.slug != after:
            return found
    skipped_steps = learner.mastery.tested_out
    read = learner.read | {
        item.slug for item in path.items if item.kind == "lesson" and item.step in skipped_steps
    }
    covered = learner.mastery.covered_slugs(catalog)
    progress = Progress(read=read, solved=learner.solved | covered)
    found_item = path.next(progress, after)
    if found_item is None or found_item.item.kind == "lesson":
        return None if found_item is None else Recommendation(found_item)
    window = [
        item
        for item in path.items
        if item.kind == "exercise"
        and item.step == found_item.item.step
        and item.slug != after
        and not path.done(item, progress)
        and path.needs_unread(item, progress) is None
    ]
    if found_item.item not in window:
        window.append(found_item.item)
    return _choose(path, catalog, window, learner.mastery)


def _placement_next(path: CoursePath, check: PlacementStatus) -> Recommendation | None:
    found = check.next_exercise()
    if found is None:
        return None
    exercise, step = found
    item = path.item(exercise.slug)
    if item is None:
        return None
    because = f"Placement check: solve it without a hint to test out of step {step}."
    return Recommendation(NextItem(item, because), evidence="placement")


def _choose(
    path: CoursePath, catalog: Catalog, window: list[PathItem], mastery: Mastery
) -> Recommendation:
    """The weakest concept's exercise at a difficulty the learner is likely to pass."""
    order = {item.slug: index for index, item in enumerate(window)}
    first_use: dict[str, int] = {}
    for item in window:
        assert item.exercise is not None
        for concept in item.exercise.concepts:
            first_use.setdefault(concept, order[item.slug])
    if not first_use:  # exercises without concepts: the path order decides
        return Recommendation(NextItem(window[0], path.because(window[0])))
    weakest = min(first_use, key=lambda c: (mastery.p(c), first_use[c]))
    p = mastery.p(weakest)
    target = 0 if p < EASY_BELOW else 1 if p < MEDIUM_BELOW else 2

    def fit(item: PathItem) -> tuple[int, int, float, int]:
        assert item.exercise is not None
        level = _LEVEL[item.exercise.difficulty]
        # Too hard is worse than too easy: a failure teaches less than a success with effort.
        distance = (level - target) * 2 if level > target else target - level
        weak = sum(max(0.0, model.MASTERED - mastery.p(c)) for c in item.exercise.concepts)
        return (0 if weakest in item.exercise.concepts else 1, distance, -weak, order[item.slug])

    pick = min(window, key=fit)
    return Recommendation(
        NextItem(pick, _reason(path, catalog, pick, mastery, weakest)),
        concept=weakest,
        mastery=round(100 * p),
        evidence=_evidence_kind(mastery.state(weakest)),
    )


def _evidence_kind(state: model.ConceptState) -> EvidenceKind | None:
    if state.attempts == 0:
        return None
    if state.faded:  # mastered after any miss: the miss is old news
        return "faded"
    if state.last_miss is not None:
        return "missed"
    if state.last_hinted is not None:
        return "hints"
    return "estimate"


def _reason(
    path: CoursePath, catalog: Catalog, pick: PathItem, mastery: Mastery, concept: str
) -> str:
    """One sentence naming the evidence; the path's own reason when there is none yet.

    Shown next to the pick's title, so it never repeats that title.
    """
    state = mastery.state(concept)
    assert pick.exercise is not None
    level = pick.exercise.difficulty.value
    kind = _evidence_kind(state)
    if kind is None:
        return path.because(pick)
    if kind == "missed":
        assert state.last_miss is not None
        missed = catalog.exercise(state.last_miss.exercise_slug)
        where = "here" if missed is None or missed.slug == pick.slug else f"in '{missed.title}'"
        what = f"“{state.last_miss.test}”" if state.last_miss.test else "some tests"
        if missed is not None and missed.slug == pick.slug:
            return (
                f"Because you missed {what} here, it comes back: {concept} is your weakest "
                f"concept so far ({state.percent}% mastered)."
            )
        return (
            f"Because you missed {what} {where}, this {level} exercise practises "
            f"{concept} again ({state.percent}% mastered)."
        )
    if kind == "faded":
        noun = "attempt" if state.idle == 1 else "attempts"
        return (
            f"You had mastered {concept}, but after {state.idle} {noun} at other concepts it "
            f"has faded to {state.percent}%: this {level} exercise practises it again."
        )
    if kind == "hints":
        assert state.last_hinted is not None
        slug, hints = state.last_hinted
        noun = "hint" if hints == 1 else "hints"
        last = catalog.exercise(slug)
        where = f"'{last.title}'" if last is not None and last.slug != pick.slug else "it"
        return (
            f"Because {where} needed {hints} {noun}, this {level} exercise practises "
            f"{concept} again ({state.percent}% mastered)."
        )
    noun = "attempt" if state.attempts == 1 else "attempts"
    return (
        f"Because {concept} is your weakest concept here ({state.percent}% mastered after "
        f"{state.attempts} {noun}), this {level} exercise practises it."
    )
