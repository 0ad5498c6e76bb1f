"""The explained Continue: the guided path's order (lessons first), exercises covered by
mastered concepts passed by, the weakest concept's exercise picked, and why in one sentence."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pyroad.curriculum.loader import load_catalog
from pyroad.learning import placement, recommend
from pyroad.learning.adaptive_models import Placement, PlacementOutcome
from pyroad.learning.mastery import Attempt
from pyroad.learning.path import CoursePath, Progress
from tests.conftest import CURRICULUM

CATALOG, _ = load_catalog(CURRICULUM)
PATH = CoursePath.of_cached(CATALOG)  # the recommender's own path: items compare by identity
START = datetime(2026, 3, 1, 9, tzinfo=UTC)


def learner(
    read: set[str] = frozenset(),  # type: ignore[assignment]
    solved: set[str] = frozenset(),  # type: ignore[assignment]
    attempts: list[Attempt] | None = None,
    check: Placement | None = None,
    recorded: dict[int, PlacementOutcome] | None = None,
) -> recommend.Learner:
    attempts = attempts or []
    status = placement.status_from(CATALOG, check, recorded or {}, attempts)
    return recommend.learner_from(CATALOG, frozenset(read), frozenset(solved), attempts, status)


def attempt(slug: str, ok: bool, minutes: int = 0, **kw: object) -> Attempt:
    return Attempt(
        exercise_slug=slug,
        passed=ok,
        passed_tests=8 if ok else 3,
        total_tests=8,
        failed_tests=() if ok else ("a blank line", "spaces around"),
        at=START + timedelta(minutes=minutes),
        **kw,  # type: ignore[arg-type]
    )


def lessons_until(index: int) -> set[str]:
    return {item.slug for item in PATH.items[:index] if item.kind == "lesson"}


FIRST_EXERCISE = next(i for i, item in enumerate(PATH.items) if item.kind == "exercise")


def test_a_newcomer_starts_with_the_first_lesson_and_the_path_reason() -> None:
    found = recommend.next_for(CATALOG, learner())
    assert found is not None
    assert found.next.item is PATH.items[0]
    assert found.next.because.startswith("Start here: ")
    assert found.evidence is None


def test_without_evidence_the_first_exercise_keeps_the_path_reason() -> None:
    found = recommend.next_for(CATALOG, learner(read=lessons_until(FIRST_EXERCISE)))
    assert found is not None and found.next.item is PATH.items[FIRST_EXERCISE]
    path_reason = PATH.next(Progress(read=frozenset(lessons_until(FIRST_EXERCISE))))
    assert path_reason is not None and found.next.because == path_reason.because
    assert found.concept is not None  # the pick is adaptive, the evidence not there yet


def test_a_missed_test_is_named_in_the_reason() -> None:
    # Step 1, all its lessons read: a failure on one exercise shapes the next pick.
    step1 = CATALOG.steps[0]
    read = {lesson.slug for lesson in step1.lessons}
    missed = step1.exercises[0]
    # Failed twice: below the prior of concepts not met yet, so the weakest of all.
    twice = [attempt(missed.slug, False), attempt(missed.slug, False, minutes=5)]
    found = recommend.next_for(CATALOG, learner(read=read, attempts=twice))
    assert found is not None and found.next.item.kind == "exercise"
    assert found.evidence == "missed"
    assert "“a blank line”" in found.next.because
    assert found.concept is not None and found.concept in missed.concepts
    assert found.concept in found.next.item.exercise.concepts  # type: ignore[union-attr]
    assert f"{found.mastery}% mastered" in found.next.because
    assert found.next.item.title not in found.next.because  # shown beside the title
    assert found.next.because.count(".") <= 2 and found.next.because.endswith(".")


def test_after_a_failure_an_easier_exercise_on_the_weak_concept_is_preferred() -> None:
    step1 = CATALOG.steps[0]
    read = {lesson.slug for lesson in step1.lessons}
    hard = max(step1.exercises, key=lambda e: ("easy", "medium", "hard").index(e.difficulty.value))
    twice = [attempt(hard.slug, False), attempt(hard.slug, False, minutes=5)]
    found = recommend.next_for(CATALOG, learner(read=read, attempts=twice))
    assert found is not None and found.next.item.exercise is not None
    assert found.next.item.exercise.difficulty.value == "easy"


def test_an_unread_lesson_still_comes_before_the_exercise_that_needs_it() -> None:
    # Jumped ahead: solved the first exercise without reading anything.
    first = PATH.items[FIRST_EXERCISE]
    found = recommend.next_for(
        CATALOG, learner(solved={first.slug}, attempts=[attempt(first.slug, True)])
    )
    assert found is not None and found.next.item is PATH.items[0]  # lesson 1, never read


def test_exercises_covered_by_mastered_concepts_are_passed_by() -> None:
    step1 = CATALOG.steps[0]
    read = {lesson.slug for lesson in step1.lessons}
    # Solve everything in step 1 but one exercise whose concepts are all used elsewhere,
    # several times, cleanly: its concepts are mastered, so Continue moves on without it.
    spare = next(
        e
        for e in step1.exercises
        if all(sum(c in o.concepts for o in step1.exercises if o is not e) >= 3 for c in e.concepts)
    )
    others = [e for e in step1.exercises if e is not spare]
    attempts = [attempt(e.slug, True, minutes=i) for i, e in enumerate(others)]
    model = learner(read=read, solved={e.slug for e in others}, attempts=attempts)
    if spare.slug in model.mastery.covered_slugs(CATALOG):
        found = recommend.next_for(CATALOG, model)
        assert found is not None and found.next.item.slug != spare.slug
        assert found.next.item.step == 2 or found.next.item.kind == "lesson"
        assert model.mastery.step(CATALOG, step1, model.solved).mastered
    else:  # not certain enough yet: it is still offered, with the evidence
        found = recommend.next_for(CATALOG, model)
        assert found is not None and found.next.item.slug == spare.slug


def test_a_passed_by_exercise_comes_back_once_its_concepts_have_faded() -> None:
    # An unsolved exercise whose concepts another one practised is passed by; long practice
    # elsewhere fades them below the bar (forgetting), and Continue offers it again.
    target, sibling = next(
        (t, s)
        for t in CATALOG.exercises
        for s in CATALOG.exercises
        if t is not s and t.concepts and set(t.concepts) <= set(s.concepts)
    )
    elsewhere = next(
        e for e in CATALOG.exercises if e.concepts and not set(e.concepts) & set(target.concepts)
    )
    read = {item.slug for item in PATH.items if item.kind == "lesson"}
    solved = {e.slug for e in CATALOG.exercises} - {target.slug}
    practice = [attempt(sibling.slug, True, minutes=i) for i in range(4)]
    fresh = learner(read=read, solved=solved, attempts=practice)
    assert target.slug in fresh.mastery.covered_slugs(CATALOG)
    assert recommend.next_for(CATALOG, fresh) is None  # every step is mastered

    later = [attempt(elsewhere.slug, True, minutes=10 + i) for i in range(200)]
    faded = learner(read=read, solved=solved, attempts=practice + later)
    assert all(not faded.mastery.state(c).mastered for c in target.concepts)
    found = recommend.next_for(CATALOG, faded)
    assert found is not None and found.next.item.slug == target.slug
    # The reason says so: mastered at its last practice, faded since.
    assert found.evidence == "faded"
    assert found.next.because.startswith(f"You had mastered {found.concept}, but after 200 ")
    assert f"faded to {found.mastery}%" in found.next.because


def test_everything_solved_means_nothing_next() -> None:
    everything = learner(
        read={i.slug for i in PATH.items if i.kind == "lesson"},
        solved={e.slug for e in CATALOG.exercises},
    )
    assert recommend.next_for(CATALOG, everything) is None
    assert all(
        everything.mastery.step(CATALOG, s, everything.solved).mastered for s in CATALOG.steps
    )


def test_a_placement_check_in_progress_leads_through_its_exercises() -> None:
    check = Placement(user_id=1, started_at=START)
    found = recommend.next_for(CATALOG, learner(check=check))
    assert found is not None and found.evidence == "placement"
    first = placement.check_exercises(CATALOG.steps[0])[0]
    assert found.next.item.slug == first.slug
    assert found.next.because == "Placement check: solve it without a hint to test out of step 1."


def test_tested_out_steps_are_skipped_lessons_included() -> None:
    check = Placement(user_id=1, started_at=START, finished_at=START + timedelta(hours=1))
    passed = dict.fromkeys((1, 2, 3), PlacementOutcome.PASSED)
    found = recommend.next_for(CATALOG, learner(check=check, recorded=passed))
    assert found is not None
    assert found.next.item.step == 4 and found.next.item.kind == "lesson"
    assert found.next.because.startswith("Step 4 begins here")
