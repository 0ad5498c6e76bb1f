"""Concept mastery: Bayesian knowledge tracing over the curriculum's concept tags.

Each graded attempt is evidence about every concept its exercise is tagged with. Per
(learner, concept) we keep P(known), updated with the classic BKT equations (Corbett &
Anderson, 1995) and two published refinements:

- the prior is individualised (Yudelson et al., 2013): a concept met for the first time
  starts from the learner's clean first-try rate so far, smoothed towards ``PRIOR``;
- a failure is blamed on the concepts by how likely each is unknown (conjunctive knowledge
  tracing, Koedinger et al., 2013): the weakest link carries it all, a concept shown known
  elsewhere little;
- guess and slip depend on the exercise's difficulty, as in KT-IDEM (Pardos & Heffernan,
  2011): an easy exercise is easier to pass without knowing, a hard one easier to slip on;
- the observation is *soft*: a pass after hints, a slow pass, or a failure that still passed
  most tests is partial credit ``c`` in [0, 1], and the posterior is the mix
  ``c · P(L | correct) + (1 − c) · P(L | wrong)`` (Jeffrey's rule), so hints and time count
  without inventing new states;
- knowledge fades: each graded attempt at other concepts multiplies P(known) by
  ``1 − FORGET`` (BKT with forgetting, Khajah, Lindsey & Mozer, 2016; interference as in
  Pavlik & Anderson, 2005), so a concept practised long ago and never since stops counting as
  mastered, and Continue offers its unsolved exercises again before the course is done.

Mastery is recomputed from the stored evidence (one row per graded submission, written by
:func:`record`, the listener of :mod:`pyroad.learning.graded`) and the loaded catalog, so a
course edit that retags an exercise is reflected at once, and nothing can drift.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pyroad.curriculum.model import Catalog, Difficulty, Exercise, Step
from pyroad.db import bound, table_of
from pyroad.learning.adaptive_models import Evidence
from pyroad.learning.models import HintUse, LessonRead

if TYPE_CHECKING:  # graded.py calls record(): importing it here would be a cycle
    from pyroad.learning.graded import Graded

PRIOR = 0.1  # P(known) before any evidence (L0)
PRIOR_WEIGHT = 5  # pseudo-attempts at PRIOR before a learner's own record moves L0
PLACED = 0.9  # P(known) for the concepts of a step the learner tested out of
LEARN = 0.2  # P(learning the concept from one attempt with feedback) (T)
FORGET = 0.0102  # P(forgetting a concept) per graded attempt at an exercise not practising it
# Corbett & Anderson use 0.95 without forgetting; with it, P(known) drifts down between
# practices (halved after about 70 attempts elsewhere), so the bar is lower. FORGET and
# MASTERED were fitted with bench/recommend.py (fewer exercises, no less true mastery at
# the end): they meet its target on the default seed (7) and on seeds 3, 5, 11 and 23.
MASTERED = 0.7
# (guess, slip) per difficulty: passing every hidden test by luck is rare, slips are not.
GUESS_SLIP: dict[Difficulty, tuple[float, float]] = {
    Difficulty.EASY: (0.15, 0.10),
    Difficulty.MEDIUM: (0.10, 0.15),
    Difficulty.HARD: (0.05, 0.20),
}
HINT_FACTOR = 0.75  # each hint revealed before a pass keeps this share of its credit
SLOW_FACTOR = 0.85  # a pass that took over SLOW_AFTER × the exercise's minutes
SLOW_AFTER = 2.0
PARTIAL_CREDIT = 0.25  # a failure passing every test but one earns at most this much
MAX_FAILED_KEPT = 20  # failing test names stored per attempt (enough to explain)
BREAK_AFTER_S = 2 * 3600  # a longer gap is a break, not working time


@dataclass(frozen=True)
class Attempt:
    """One graded attempt, as stored (see ``Evidence``)."""

    exercise_slug: str
    passed: bool
    passed_tests: int = 0
    total_tests: int = 0
    failed_tests: tuple[str, ...] = ()
    hints: int = 0
    seconds: int | None = None
    at: datetime | None = None


def credit(attempt: Attempt, exercise: Exercise) -> float:
    """How much of a "correct" observation this attempt is, in [0, 1]."""
    if not attempt.passed:
        if attempt.total_tests <= 0:
            return 0.0  # a syntax error, a time-out: nothing passed to credit
        return PARTIAL_CREDIT * (attempt.passed_tests / attempt.total_tests) ** 2
    value = HINT_FACTOR ** min(attempt.hints, len(exercise.hints) or attempt.hints)
    if attempt.seconds is not None and attempt.seconds > SLOW_AFTER * exercise.minutes * 60:
        value *= SLOW_FACTOR
    return value


def update(p: float, observed: float, difficulty: Difficulty, *, learn: bool = True) -> float:
    """One BKT step: condition P(known) on a (soft) observation, then allow learning.

    ``learn=False`` for a retry of the same exercise: as in Corbett & Anderson's data, only
    the first attempt at a problem is a new learning opportunity (otherwise two failures
    and a hinted pass would end higher than the hinted pass alone).
    """
    guess, slip = GUESS_SLIP[difficulty]
    right = p * (1 - slip) / (p * (1 - slip) + (1 - p) * guess)
    wrong = p * slip / (p * slip + (1 - p) * (1 - guess))
    posterior = observed * right + (1 - observed) * wrong
    return posterior + (1 - posterior) * LEARN if learn else posterior


def success_chance(p: float, difficulty: Difficulty) -> float:
    """P(passing an exercise of this difficulty) for one concept known with probability p."""
    guess, slip = GUESS_SLIP[difficulty]
    return p * (1 - slip) + (1 - p) * guess


@dataclass(frozen=True)
class Miss:
    """The latest failure on a concept: which test of which exercise (for the reason)."""

    exercise_slug: str
    test: str | None


@dataclass
class ConceptState:
    """What the model believes about one concept, and the evidence behind it."""

    concept: str
    p: float = PRIOR
    attempts: int = 0
    passes: int = 0
    last_hinted: tuple[str, int] | None = None  # (exercise, hints) of the latest hinted pass
    last_miss: Miss | None = None  # cleared by a later clean pass on the same exercise
    placed: bool = False
    practised_to: float = 0.0  # P(known) right after its latest attempt
    idle: int = 0  # graded attempts at other concepts since its latest attempt

    @property
    def faded(self) -> bool:
        """Mastered after its latest attempt, below the bar now only by forgetting."""
        return self.practised_to >= MASTERED and not self.mastered

    @property
    def mastered(self) -> bool:
        return self.p >= MASTERED

    @property
    def percent(self) -> int:
        return round(100 * self.p)


@dataclass(frozen=True)
class StepMastery:
    number: int
    title: str
    percent: int  # mean P(known) of its concepts, weighted by how many exercises use each
    mastered: bool  # tested out, or every exercise solved or covered by mastered concepts
    tested_out: bool
    concepts: tuple[ConceptState, ...]  # weakest first


@dataclass
class Mastery:
    """One learner's concept states; a concept not met yet is at the learner's prior."""

    concepts: dict[str, ConceptState] = field(default_factory=dict)
    tested_out: frozenset[int] = frozenset()
    prior: float = PRIOR  # the individualised L0 after the evidence so far

    def state(self, concept: str) -> ConceptState:
        return self.concepts.get(concept) or ConceptState(concept, p=self.prior)

    def p(self, concept: str) -> float:
        found = self.concepts.get(concept)
        return found.p if found else self.prior

    def weighted(self, concepts: Iterable[str], weights: dict[str, int]) -> float:
        """Mean P(known), each concept weighted by how many exercises of the course use it."""
        pairs = [(self.p(c), weights.get(c, 1)) for c in concepts]
        total = sum(w for _, w in pairs)
        return sum(p * w for p, w in pairs) / total if total else 0.0

    def covered(self, exercise: Exercise, weights: dict[str, int]) -> bool:
        """Its concepts are mastered (weighted by use): solving it would teach little new.

        Weighted, because a tag that one exercise in the whole course carries is a detail of
        that exercise, while the concepts the course keeps using are what it teaches.
        """
        if exercise.step in self.tested_out:
            return True
        return (  # the cheap test first: most concepts of most exercises are not met yet
            bool(exercise.concepts)
            and all(self._shown(c) for c in exercise.concepts)
            and self.weighted(exercise.concepts, weights) >= MASTERED
        )

    def _shown(self, concept: str) -> bool:
        """Practised at least once, or placed: never skip the first chance to practise it."""
        found = self.concepts.get(concept)
        return found is not None and (found.attempts > 0 or found.placed)

    def covered_slugs(self, catalog: Catalog) -> frozenset[str]:
        weights = concept_weights(catalog)
        return frozenset(e.slug for e in catalog.exercises if self.covered(e, weights))

    def step(self, catalog: Catalog, step: Step, solved: Iterable[str] = ()) -> StepMastery:
        """A step's mastery (weighted mean) and whether it is mastered: tested out, or each
        exercise solved or covered (the old rule, "solve every exercise", still masters it)."""
        weights = concept_weights(catalog)
        concepts = {c for exercise in step.exercises for c in exercise.concepts}
        mean = self.weighted(concepts, weights)
        done = set(solved)
        tested_out = step.number in self.tested_out
        mastered = tested_out or (
            bool(step.exercises)
            and all(e.slug in done or self.covered(e, weights) for e in step.exercises)
        )
        ordered = sorted(concepts, key=lambda c: (self.p(c), c))
        return StepMastery(
            number=step.number,
            title=step.title,
            percent=round(100 * mean),
            mastered=mastered,
            tested_out=tested_out,
            concepts=tuple(self.state(c) for c in ordered),
        )


def concept_weights(catalog: Catalog) -> dict[str, int]:
    """How many exercises of the course practise each concept (cached per loaded catalog)."""
    key = id(catalog)
    found = _WEIGHTS.get(key)
    if found is None:
        found = {}
        for exercise in catalog.exercises:
            for concept in exercise.concepts:
                found[concept] = found.get(concept, 0) + 1
        _WEIGHTS[key] = found
        weakref.finalize(catalog, _WEIGHTS.pop, key, None)  # ids are reused after collection
    return found


_WEIGHTS: dict[int, dict[str, int]] = {}


def estimate(
    catalog: Catalog, attempts: Sequence[Attempt], tested_out: Iterable[int] = ()
) -> Mastery:
    """Replay the attempts in order through BKT (placement raises the prior of its steps)."""
    placed_steps = frozenset(tested_out)
    mastery = Mastery(tested_out=placed_steps)
    for number in placed_steps:
        step = catalog.step(number)
        for placed in step.exercises if step else ():
            for concept in placed.concepts:
                mastery.concepts[concept] = ConceptState(concept, p=PLACED, placed=True)
    firsts = clean = 0  # first attempts per exercise so far, and those passed without hints
    seen: set[str] = set()
    for attempt in attempts:
        found = catalog.exercise(attempt.exercise_slug)
        if found is None:
            continue  # removed from the course: says nothing about today's concepts
        exercise = found
        observed = credit(attempt, exercise)
        prior = learner_prior(firsts, clean)
        _forget(mastery, exercise.concepts)
        states = []
        for concept in exercise.concepts:
            state = mastery.concepts.get(concept) or ConceptState(concept, p=prior)
            mastery.concepts[concept] = state
            states.append(state)
        blame = _blame([state.p for state in states])
        for state, share in zip(states, blame, strict=True):
            # A concept carries the failure by its share of the blame; the rest is credit.
            seen_as = observed + (1 - observed) * (1 - share)
            state.p = update(state.p, seen_as, exercise.difficulty, learn=exercise.slug not in seen)
            state.practised_to = state.p
            state.idle = 0
            state.attempts += 1
            if attempt.passed:
                state.passes += 1
                state.last_hinted = (exercise.slug, attempt.hints) if attempt.hints else None
                if state.last_miss and state.last_miss.exercise_slug == exercise.slug:
                    state.last_miss = None if attempt.hints == 0 else state.last_miss
            else:
                first = attempt.failed_tests[0] if attempt.failed_tests else None
                state.last_miss = Miss(exercise.slug, first)
        if exercise.slug not in seen:
            seen.add(exercise.slug)
            firsts += 1
            clean += attempt.passed and attempt.hints == 0
    mastery.prior = learner_prior(firsts, clean)
    return mastery


def _forget(mastery: Mastery, practised: Sequence[str]) -> None:
    """An attempt's time spent on other concepts: each one not practised fades a little."""
    for concept, state in mastery.concepts.items():
        if concept not in practised:
            state.p *= 1 - FORGET
            state.idle += 1


def _blame(known: Sequence[float]) -> list[float]:
    """Each concept's share of the blame for a failure, the weakest link carrying all of it.

    Passing needs every concept of the exercise (a conjunctive item), so a failure most
    likely comes from the concept least likely known: conjunctive knowledge tracing
    (Koedinger, Stamper, McLaughlin & Nixon, 2013) spreads the evidence by that likelihood
    instead of failing every concept alike, which would drag down what the learner shows
    they know elsewhere.
    """
    unknown = [1 - p for p in known]
    worst = max(unknown, default=0.0)
    return [u / worst if worst > 0 else 1.0 for u in unknown]


def learner_prior(firsts: int, clean: int) -> float:
    """P(known) of a concept the learner meets for the first time, from how they did so far.

    Individualised BKT (Yudelson, Koedinger & Gordon, 2013) fits L0 per learner as well as
    per concept: a learner who passes most exercises at the first try without hints likely
    knows a new concept of the same course better than a newcomer. Here L0 is the learner's
    clean first-try rate, smoothed towards ``PRIOR`` by ``PRIOR_WEIGHT`` pseudo-attempts.
    """
    return min(PLACED, (PRIOR * PRIOR_WEIGHT + clean) / (PRIOR_WEIGHT + firsts))


# ---- storage: the listener and the reads ---------------------------------------------------


def record(session: Session, graded: Graded) -> None:
    """Listener (see ``learning.graded``): store this verdict as evidence, once."""
    found = evidence(session, graded)
    if found is not None:
        session.add(found)
        session.flush()


def evidence(session: Session, graded: Graded) -> Evidence | None:
    """The verdict's evidence row, not yet added (None if it is already stored).

    Only reads, so the grading task can run it before its first write (see
    ``learning.graded``).
    """
    stored = session.connection().execute(_STORED, {"submission_id": graded.submission_id})
    if stored.first() is not None:
        return None  # graded again after a retry: the evidence is already there
    # By primary key: the review schedule's read of the same row then comes from the session.
    use = session.get(HintUse, (graded.user_id, graded.exercise_slug))
    hints = use.revealed if use is not None else 0
    return Evidence(
        submission_id=graded.submission_id,
        user_id=graded.user_id,
        exercise_slug=graded.exercise_slug,
        passed=graded.verdict == "passed",
        passed_tests=graded.passed_tests,
        total_tests=graded.total_tests,
        failed_tests=list(graded.failed_tests[:MAX_FAILED_KEPT]),
        hints=hints or 0,
        seconds=_working_seconds(session, graded.user_id, graded.created_at),
        created_at=graded.created_at,
    )


def _working_seconds(session: Session, user_id: int, submitted: datetime) -> int | None:
    """Time since the learner's previous submission or lesson opened (None after a break).

    The platform does not see the learner think; the gap since the last thing they did is
    the closest honest measure, and a gap longer than a break says nothing.
    """
    previous, read = (
        session.connection()
        .execute(_LAST_ACTIVE, {"user_id": user_id, "submitted": submitted})
        .one()
    )
    latest = max((t for t in (previous, read) if t is not None), default=None)
    if latest is None:
        return None
    gap = int((submitted - latest).total_seconds())
    return gap if 0 <= gap <= BREAK_AFTER_S else None


# Built once (see ``pyroad.db.bound``), run for every graded submission: whether its
# evidence is stored; the learner's latest submission and lesson opened before it.
_EVIDENCE, _READS = table_of(Evidence), table_of(LessonRead)
_STORED = select(_EVIDENCE.c.submission_id).where(
    _EVIDENCE.c.submission_id == bound(Evidence.submission_id, "submission_id")
)
_USER, _SUBMITTED = bound(Evidence.user_id, "user_id"), bound(Evidence.created_at, "submitted")
_LAST_ACTIVE = select(
    select(func.max(_EVIDENCE.c.created_at))
    .where(_EVIDENCE.c.user_id == _USER, _EVIDENCE.c.created_at < _SUBMITTED)
    .scalar_subquery(),
    select(func.max(_READS.c.read_at))
    .where(_READS.c.user_id == _USER, _READS.c.read_at < _SUBMITTED)
    .scalar_subquery(),
)


def attempts_of(session: Session, user_id: int) -> list[Attempt]:
    """The learner's evidence, oldest first (one query)."""
    rows = session.execute(
        select(
            Evidence.exercise_slug,
            Evidence.passed,
            Evidence.passed_tests,
            Evidence.total_tests,
            Evidence.failed_tests,
            Evidence.hints,
            Evidence.seconds,
            Evidence.created_at,
        )
        .where(Evidence.user_id == user_id)
        .order_by(Evidence.created_at, Evidence.submission_id)
    )
    return [
        Attempt(
            exercise_slug=slug,
            passed=passed,
            passed_tests=passed_tests,
            total_tests=total_tests,
            failed_tests=tuple(failed or ()),
            hints=hints,
            seconds=seconds,
            at=at,
        )
        for slug, passed, passed_tests, total_tests, failed, hints, seconds, at in rows
    ]
