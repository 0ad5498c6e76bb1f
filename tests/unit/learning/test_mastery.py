"""Concept mastery: Bayesian knowledge tracing over concept tags, with hints, time and
partial tests as soft evidence (pure functions over the shipped catalog)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pyroad.curriculum.loader import load_catalog
from pyroad.curriculum.model import Difficulty
from pyroad.learning import mastery
from pyroad.learning.mastery import MASTERED, PLACED, PRIOR, Attempt, credit, estimate, update
from tests.conftest import CURRICULUM

CATALOG, _ = load_catalog(CURRICULUM)
EXERCISE = CATALOG.require_exercise("parse-request-line")


def passed(slug: str = EXERCISE.slug, **kw: object) -> Attempt:
    return Attempt(exercise_slug=slug, passed=True, passed_tests=8, total_tests=8, **kw)  # type: ignore[arg-type]


def failed(slug: str = EXERCISE.slug, passed_tests: int = 0, **kw: object) -> Attempt:
    return Attempt(
        exercise_slug=slug,
        passed=False,
        passed_tests=passed_tests,
        total_tests=8,
        failed_tests=("empty line",),
        **kw,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("difficulty", list(Difficulty))
def test_a_pass_raises_and_a_failure_lowers_the_estimate(difficulty: Difficulty) -> None:
    assert update(0.5, 1.0, difficulty) > 0.5
    # A failure lowers P(known) before learning; learning then adds at most LEARN of the rest.
    assert update(0.5, 0.0, difficulty) < 0.5
    assert 0 < update(0.01, 0.0, difficulty) < update(0.01, 1.0, difficulty) < 1


def test_harder_exercises_are_stronger_evidence() -> None:
    # KT-IDEM: passing a hard exercise by luck is rarer than an easy one.
    assert update(0.3, 1.0, Difficulty.HARD) > update(0.3, 1.0, Difficulty.EASY)


def test_hints_slowness_and_partial_tests_change_the_credit() -> None:
    clean = credit(passed(), EXERCISE)
    assert clean == 1.0
    assert credit(passed(hints=1), EXERCISE) < clean
    assert credit(passed(hints=3), EXERCISE) < credit(passed(hints=1), EXERCISE)
    slow = passed(seconds=int(EXERCISE.minutes * 60 * 3))
    assert credit(slow, EXERCISE) < clean
    assert credit(passed(seconds=int(EXERCISE.minutes * 60)), EXERCISE) == clean
    assert credit(failed(passed_tests=7), EXERCISE) > credit(failed(passed_tests=1), EXERCISE) > 0
    nothing = Attempt(exercise_slug=EXERCISE.slug, passed=False)  # a syntax error: no tests ran
    assert credit(nothing, EXERCISE) == 0.0


def test_each_attempt_updates_every_concept_of_its_exercise() -> None:
    model = estimate(CATALOG, [passed()])
    for concept in EXERCISE.concepts:
        state = model.state(concept)
        assert state.attempts == 1 and state.passes == 1 and state.p > PRIOR
    untouched = next(c for e in CATALOG.exercises for c in e.concepts if c not in EXERCISE.concepts)
    # Not met yet: at the learner's own prior (one clean first try so far).
    assert model.p(untouched) == mastery.learner_prior(1, 1) > PRIOR
    assert estimate(CATALOG, []).p(untouched) == PRIOR


def test_the_latest_miss_is_kept_for_the_reason_and_a_clean_pass_clears_it() -> None:
    model = estimate(CATALOG, [failed()])
    state = model.state(EXERCISE.concepts[0])
    assert state.last_miss == mastery.Miss(EXERCISE.slug, "empty line")
    assert estimate(CATALOG, [failed(), passed()]).state(EXERCISE.concepts[0]).last_miss is None
    hinted = estimate(CATALOG, [failed(), passed(hints=2)]).state(EXERCISE.concepts[0])
    assert hinted.last_miss is not None and hinted.last_hinted == (EXERCISE.slug, 2)


def test_more_hints_mean_lower_mastery() -> None:
    concept = EXERCISE.concepts[0]
    clean = estimate(CATALOG, [passed()]).p(concept)
    helped = estimate(CATALOG, [passed(hints=3)]).p(concept)
    struggled = estimate(CATALOG, [failed(), failed(), passed(hints=3)]).p(concept)
    assert clean > helped > struggled


def test_a_learner_who_passes_at_the_first_try_starts_new_concepts_higher() -> None:
    # Individualised prior: three clean first tries, then a concept never met before.
    step1 = [e for e in CATALOG.steps[0].exercises][:3]
    strong = estimate(CATALOG, [passed(e.slug) for e in step1])
    weak = estimate(CATALOG, [failed(e.slug) for e in step1])
    assert mastery.learner_prior(3, 3) > PRIOR > mastery.learner_prior(3, 0)
    later = CATALOG.steps[8].exercises[0]
    new_concept = next(c for c in later.concepts if all(c not in e.concepts for e in step1))
    after_strong = estimate(CATALOG, [*[passed(e.slug) for e in step1], passed(later.slug)])
    after_weak = estimate(CATALOG, [*[failed(e.slug) for e in step1], passed(later.slug)])
    assert after_strong.p(new_concept) > after_weak.p(new_concept)
    assert strong.p(new_concept) > PRIOR > weak.p(new_concept)  # not met yet: the learner's prior


def test_removed_exercises_are_ignored() -> None:
    model = estimate(CATALOG, [passed("no-longer-in-the-course")])
    assert model.concepts == {}


def test_repeated_clean_passes_master_a_concept_and_cover_its_exercises() -> None:
    concept = EXERCISE.concepts[0]
    using = [e for e in CATALOG.exercises if concept in e.concepts]
    model = estimate(CATALOG, [passed(e.slug) for e in using for _ in range(3)])
    assert model.state(concept).mastered and model.p(concept) >= MASTERED
    covered = model.covered_slugs(CATALOG)
    # Covered: its concepts (weighted by use) all but certain, and each practised at least
    # once: the first chance to practise a concept is never skipped.
    weights = mastery.concept_weights(CATALOG)
    for exercise in CATALOG.exercises:
        practised = all(model.state(c).attempts > 0 for c in exercise.concepts)
        expected = practised and model.weighted(exercise.concepts, weights) >= MASTERED
        assert (exercise.slug in covered) == expected, exercise.slug
    assert covered  # and some are
    never = next(
        e for e in CATALOG.exercises if any(model.state(c).attempts == 0 for c in e.concepts)
    )
    assert never.slug not in covered


def test_a_placed_step_starts_its_concepts_high_and_counts_as_mastered() -> None:
    model = estimate(CATALOG, [], tested_out=[1])
    step1 = CATALOG.steps[0]
    assert all(model.p(c) == PLACED for e in step1.exercises for c in e.concepts)
    view = model.step(CATALOG, step1)
    assert view.mastered and view.tested_out and view.percent == round(100 * PLACED)
    assert not model.step(CATALOG, CATALOG.steps[1]).mastered or all(
        e.step == 1 for e in CATALOG.steps[1].exercises
    )


def test_step_mastery_is_weighted_and_solving_everything_still_masters_a_step() -> None:
    step = CATALOG.steps[1]
    empty = estimate(CATALOG, [])
    assert empty.step(CATALOG, step).percent == round(100 * PRIOR)
    assert not empty.step(CATALOG, step).mastered
    solved = {e.slug for e in step.exercises}
    assert empty.step(CATALOG, step, solved).mastered  # the old rule still holds
    concepts = [c.concept for c in empty.step(CATALOG, step).concepts]
    assert sorted(concepts) == sorted({c for e in step.exercises for c in e.concepts})


def test_attempt_fields_round_trip_through_replace() -> None:
    # Attempts are plain frozen values: the simulation and the service build them alike.
    base = passed()
    assert replace(base, hints=2).hints == 2 and base.hints == 0


def test_a_failure_is_blamed_on_the_weakest_concept_most() -> None:
    # Conjunctive knowledge tracing: a concept shown known elsewhere loses little when an
    # exercise also needing a new concept fails; the new concept carries the failure.
    known = EXERCISE.concepts[0]
    shown = [e for e in CATALOG.exercises if known in e.concepts and e is not EXERCISE][:3]
    later = next(
        e
        for e in CATALOG.exercises
        if known in e.concepts
        and any(all(c not in s.concepts for s in shown) for c in e.concepts)
        and e not in shown
    )
    fresh = next(c for c in later.concepts if all(c not in s.concepts for s in shown))
    before = estimate(CATALOG, [passed(e.slug) for e in shown])
    after = estimate(CATALOG, [*[passed(e.slug) for e in shown], failed(later.slug)])
    drop_known = before.p(known) - after.p(known)
    drop_fresh = before.p(fresh) - after.p(fresh)
    assert drop_fresh > 0.05 > abs(drop_known)  # the known one barely moves (learning offsets it)
    assert mastery._blame([0.9, 0.2, 0.6]) == pytest.approx([0.125, 1.0, 0.5])


def test_a_concept_fades_while_other_concepts_are_practised() -> None:
    # BKT with forgetting: each attempt at an exercise that does not practise a concept
    # multiplies its P(known) by 1 - FORGET; the concepts practised are not faded.
    other = next(
        e for e in CATALOG.exercises if e.concepts and not set(e.concepts) & set(EXERCISE.concepts)
    )
    learnt = estimate(CATALOG, [passed(), passed()])
    later = estimate(CATALOG, [passed(), passed(), *[passed(other.slug)] * 10])
    for concept in EXERCISE.concepts:
        expected = learnt.p(concept) * (1 - mastery.FORGET) ** 10
        assert later.p(concept) == pytest.approx(expected) and expected < learnt.p(concept)
    # The same work in the other order: what was practised last is remembered better.
    practised_last = estimate(CATALOG, [*[passed(other.slug)] * 10, passed(), passed()])
    for concept in EXERCISE.concepts:
        assert practised_last.p(concept) > later.p(concept)


def test_faded_means_mastered_at_the_last_practice_and_below_the_bar_since() -> None:
    other = next(
        e for e in CATALOG.exercises if e.concepts and not set(e.concepts) & set(EXERCISE.concepts)
    )
    elsewhere = [passed(other.slug)] * 60
    concept = EXERCISE.concepts[0]
    practised = [passed(), passed(), passed()]
    assert estimate(CATALOG, practised).state(concept).mastered
    faded = estimate(CATALOG, [*practised, *elsewhere]).state(concept)
    assert faded.faded and not faded.mastered and faded.idle == 60
    # Dropped below the bar by failures at its last practice: a miss, not forgetting.
    missed = estimate(CATALOG, [*practised, failed(), failed(), failed(), *elsewhere])
    assert not missed.state(concept).faded and missed.state(concept).last_miss is not None
