"""Does the adaptive path save work without costing mastery? Seeded simulated learners.

    uv run python bench/recommend.py [--learners 120] [--seed 7]

Each simulated learner goes through the shipped course twice from the same starting point:
once in the fixed order (the guided path: every lesson, every exercise, retrying a failed
exercise until it passes) and once following the adaptive Continue (``learning.recommend``,
with the placement check for learners who believe they know the basics). A run ends when
the platform has nothing left to offer: the fixed path when every exercise is solved, the
adaptive one when every step is mastered (each exercise solved or covered by mastered
concepts, or its step tested out).

The learners are not the recommender's model. They see only what a learner sees: an
exercise (its concepts, difficulty, minutes, hints) and its verdict. Their hidden state is
a skill per concept in [0, 1] (knowledge-component simulation in the style of the
"simulated students" literature, e.g. VanLehn, Ohlsson & Nason 1994; forgetting as
exponential decay towards a retained floor, after Pavlik & Anderson 2005):

- passing an exercise needs each of its concepts: P(pass) = Π (1 − w_d · (1 − skill_c)),
  with w_d larger for harder exercises; a revealed hint lifts each skill for that attempt;
- every attempt teaches its concepts (rate per learner and concept; less from a failure);
- every attempt's time decays all other concepts towards a floor (a share of the best
  skill reached, so practised knowledge is retained better);
- after two failures on an exercise the learner reveals a hint per further failure.

The platform sees exactly what it sees in production: each attempt's verdict, tests passed
out of total (with the failing tests' names), hints revealed and working time.

Printed per condition: exercises attempted (submissions) until all nine steps are mastered,
distinct exercises, and the learners' true mean skill at the end; the JSON line last has
``fixed_exercises``, ``adaptive_exercises``, ``saving`` (1 − adaptive ÷ fixed),
``fixed_final_mastery`` and ``adaptive_final_mastery``. Target: saving ≥ 0.25 with
adaptive_final_mastery ≥ fixed_final_mastery.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pyroad.config import PROJECT_ROOT
from pyroad.curriculum.loader import load_catalog
from pyroad.curriculum.model import Catalog, Difficulty, Exercise
from pyroad.learning import placement, recommend
from pyroad.learning.adaptive_models import Placement, PlacementOutcome
from pyroad.learning.mastery import Attempt, concept_weights
from pyroad.learning.path import CoursePath, NextItem, Progress

WEIGHT = {Difficulty.EASY: 0.55, Difficulty.MEDIUM: 0.75, Difficulty.HARD: 0.95}
HINT_LIFT = 0.12  # each revealed hint: this much of the missing skill, for the attempt
LESSON_TEACHES = 0.8  # reading a lesson teaches this share of what a passed attempt does
FAIL_TEACHES = 0.6  # a failure with feedback teaches this share of what a pass teaches
RETAIN = 0.75  # forgetting never goes below this share of the best skill reached
GIVE_UP = 12  # attempts on one exercise before the learner moves on unsolved
CAP = 1000  # attempts per run (a safety net; no run gets near it)
TESTS = 8  # tests per exercise as the platform reports them
MASTERED_SKILL = 0.8
# The class: new to Python, some Python (a first course, scripts at work), fluent in the
# basics (steps 1–3) but new to the backend; the rest of the class after NOVICES + SOME.
NOVICES = 0.4
SOME = 0.35
BELIEVES_BASICS = 0.65  # the truth's bar for a concept counted as known at the end


@dataclass
class SimLearner:
    """A learner's hidden state; it never sees the platform's estimates."""

    skill: dict[str, float]
    rate: dict[str, float]
    decay: float
    speed: float
    believes_basics: bool
    rng: random.Random
    best: dict[str, float] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)

    def attempt(self, exercise: Exercise, allow_hints: bool) -> tuple[Attempt, bool]:
        """Work on an exercise and submit; returns what the platform observes."""
        failed_before = self.failures.get(exercise.slug, 0)
        hints = min(len(exercise.hints), max(0, failed_before - 1)) if allow_hints else 0
        weight = WEIGHT[exercise.difficulty]
        chance = 1.0
        per_test: list[float] = []
        for concept in exercise.concepts:
            known = self.skill[concept]
            known += (1 - known) * min(1.0, HINT_LIFT * hints)
            factor = 1 - weight * (1 - known)
            chance *= factor
            per_test.append(factor)
        passed = self.rng.random() < chance
        if passed:
            passed_tests = TESTS
        else:
            mean = statistics.fmean(per_test) if per_test else 0.0
            passed_tests = min(TESTS - 1, sum(self.rng.random() < mean for _ in range(TESTS)))
        minutes = (
            exercise.minutes
            * self.speed
            * (
                2 - statistics.fmean(self.skill[c] for c in exercise.concepts)
                if exercise.concepts
                else 1
            )
        )
        self._learn(exercise, passed)
        if not passed:
            self.failures[exercise.slug] = failed_before + 1
        failed = () if passed else tuple(f"test {i}" for i in range(passed_tests + 1, TESTS + 1))
        observed = Attempt(
            exercise_slug=exercise.slug,
            passed=passed,
            passed_tests=passed_tests,
            total_tests=TESTS,
            failed_tests=failed,
            hints=hints,
            seconds=round(minutes * 60),
        )
        return observed, passed

    def read(self, concepts: set[str]) -> None:
        """A lesson teaches the concepts of the exercises that name it (less than practice)."""
        for concept in concepts:
            value = self.skill[concept]
            value += (1 - value) * self.rate[concept] * LESSON_TEACHES
            self.skill[concept] = value
            self.best[concept] = max(self.best.get(concept, 0.0), value)

    def _learn(self, exercise: Exercise, passed: bool) -> None:
        practised = set(exercise.concepts)
        for concept, value in self.skill.items():
            if concept in practised:
                gain = self.rate[concept] * (1 if passed else FAIL_TEACHES)
                value += (1 - value) * gain
                self.best[concept] = max(self.best.get(concept, 0.0), value)
            else:
                floor = RETAIN * self.best.get(concept, value)
                if value > floor:
                    value = floor + (value - floor) * (1 - self.decay)
            self.skill[concept] = value


def make_learner(catalog: Catalog, seed: int) -> SimLearner:
    """A novice (NOVICES), someone with some experience (SOME) or one who knows the basics.

    Learners take the placement check when they believe they know steps 1–3 (their true
    mean skill there above BELIEVES_BASICS): nobody tells them their skill.
    """
    rng = random.Random(seed)
    first_step: dict[str, int] = {}
    for exercise in catalog.exercises:
        for concept in exercise.concepts:
            first_step[concept] = min(first_step.get(concept, 99), exercise.step)
    kind = rng.random()
    skill: dict[str, float] = {}
    for concept, step in sorted(first_step.items()):
        basic = step <= 3
        if kind < NOVICES:
            skill[concept] = rng.uniform(0.0, 0.3)
        elif kind < NOVICES + SOME:
            skill[concept] = rng.uniform(0.3, 0.75) if basic else rng.uniform(0.05, 0.4)
        else:
            skill[concept] = rng.uniform(0.85, 0.99) if basic else rng.uniform(0.1, 0.5)
    base = rng.uniform(0.2, 0.45)
    rate = {c: min(0.9, base * rng.uniform(0.6, 1.4)) for c in skill}
    basics = [v for c, v in skill.items() if first_step[c] <= 3]
    return SimLearner(
        skill=skill,
        rate=rate,
        decay=rng.uniform(0.002, 0.006),
        speed=rng.uniform(0.7, 1.4),
        believes_basics=statistics.fmean(basics) > BELIEVES_BASICS,
        rng=random.Random(seed * 7919 + 1),
        best=dict(skill),
    )


@dataclass
class Run:
    submissions: int
    distinct: int
    final_mastery: float
    plain_mastery: float
    known_share: float
    all_solved_or_mastered: bool


def _truth(learner: SimLearner, catalog: Catalog) -> tuple[float, float, float]:
    """True final mastery: each concept weighted by how many exercises use it (the measure
    the roadmap's step mastery uses), the plain mean, and the share of concepts known."""
    weights = concept_weights(catalog)
    values = learner.skill
    weighted = sum(values[c] * w for c, w in weights.items()) / sum(weights.values())
    plain = statistics.fmean(values.values())
    return weighted, plain, sum(v >= MASTERED_SKILL for v in values.values()) / len(values)


def run_fixed(catalog: Catalog, learner: SimLearner) -> Run:
    path = CoursePath.of_cached(catalog)
    read: set[str] = set()
    solved: set[str] = set()
    given_up: set[str] = set()
    submissions, tried = 0, set()
    while submissions < CAP:
        found = path.next(Progress(read=frozenset(read), solved=frozenset(solved | given_up)))
        if found is None:
            break
        if _lesson(found, read, learner, catalog):
            continue
        exercise = _exercise(found)
        _, passed = learner.attempt(exercise, allow_hints=True)
        submissions += 1
        tried.add(exercise.slug)
        if passed:
            solved.add(exercise.slug)
        elif learner.failures[exercise.slug] >= GIVE_UP:
            given_up.add(exercise.slug)
    return Run(submissions, len(tried), *_truth(learner, catalog), not given_up)


def run_adaptive(catalog: Catalog, learner: SimLearner, start: datetime) -> Run:
    read: set[str] = set()
    solved: set[str] = set()
    given_up: set[str] = set()
    attempts: list[Attempt] = []
    tried: set[str] = set()
    clock = start
    check = Placement(user_id=0, started_at=start) if learner.believes_basics else None
    recorded: dict[int, PlacementOutcome] = {}
    while len(attempts) < CAP:
        status = placement.status_from(catalog, check, recorded, attempts)
        if status.in_progress and (status.decided or status.next_exercise() is None):
            recorded = {
                s.number: PlacementOutcome.PASSED
                if s.state == "passed"
                else PlacementOutcome.FAILED
                for s in status.steps
            }
            assert check is not None
            check.finished_at = clock
            status = placement.status_from(catalog, check, recorded, attempts)
        state = recommend.learner_from(
            catalog, frozenset(read), frozenset(solved | given_up), attempts, status
        )
        found = recommend.next_for(catalog, state)
        if found is None:
            break
        if _lesson(found.next, read, learner, catalog):
            continue
        exercise = _exercise(found.next)
        observed, passed = learner.attempt(exercise, allow_hints=not status.in_progress)
        clock += timedelta(seconds=max(60, observed.seconds or 60))
        attempts.append(_at(observed, clock))
        tried.add(exercise.slug)
        if passed:
            solved.add(exercise.slug)
        elif learner.failures[exercise.slug] >= GIVE_UP:
            given_up.add(exercise.slug)
    return Run(len(attempts), len(tried), *_truth(learner, catalog), not given_up)


def _at(attempt: Attempt, when: datetime) -> Attempt:
    return Attempt(
        exercise_slug=attempt.exercise_slug,
        passed=attempt.passed,
        passed_tests=attempt.passed_tests,
        total_tests=attempt.total_tests,
        failed_tests=attempt.failed_tests,
        hints=attempt.hints,
        seconds=attempt.seconds,
        at=when,
    )


def _lesson(found: NextItem, read: set[str], learner: SimLearner, catalog: Catalog) -> bool:
    """Reading a lesson costs no exercise (both conditions read the lessons offered)."""
    if found.item.kind == "lesson":
        read.add(found.item.slug)
        learner.read(_taught(catalog)[found.item.slug])
        return True
    return False


_TAUGHT: dict[int, dict[str, set[str]]] = {}


def _taught(catalog: Catalog) -> dict[str, set[str]]:
    """Lesson slug -> the concepts of the exercises that name it."""
    found = _TAUGHT.get(id(catalog))
    if found is None:
        found = {lesson.slug: set() for step in catalog.steps for lesson in step.lessons}
        for exercise in catalog.exercises:
            for slug in exercise.lessons:
                found.setdefault(slug, set()).update(exercise.concepts)
        _TAUGHT[id(catalog)] = found
    return found


def _exercise(found: NextItem) -> Exercise:
    assert found.item.exercise is not None
    return found.item.exercise


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=120)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    catalog, problems = load_catalog(PROJECT_ROOT / "curriculum")
    if problems:
        sys.exit(f"the curriculum has problems: {problems[0]}")
    start = datetime(2026, 1, 5, 9, tzinfo=UTC)
    fixed: list[Run] = []
    adaptive: list[Run] = []
    placed = 0
    for index in range(args.learners):
        seed = args.seed * 100_003 + index
        fixed.append(run_fixed(catalog, make_learner(catalog, seed)))
        twin = make_learner(catalog, seed)  # the same learner, from the same start
        placed += twin.believes_basics
        adaptive.append(run_adaptive(catalog, twin, start))

    def summary(name: str, runs: list[Run]) -> dict[str, float]:
        result = {
            "exercises": statistics.fmean(r.submissions for r in runs),
            "distinct": statistics.fmean(r.distinct for r in runs),
            "final_mastery": statistics.fmean(r.final_mastery for r in runs),
            "plain_mastery": statistics.fmean(r.plain_mastery for r in runs),
            "known_share": statistics.fmean(r.known_share for r in runs),
            "finished": sum(r.all_solved_or_mastered for r in runs) / len(runs),
        }
        print(
            f"{name:9} submissions {result['exercises']:6.1f}   distinct exercises "
            f"{result['distinct']:5.1f}   true mastery {result['final_mastery']:.3f} "
            f"(unweighted {result['plain_mastery']:.3f})   "
            f"concepts known (≥ {MASTERED_SKILL}) {100 * result['known_share']:4.1f} %   "
            f"finished without giving up {100 * result['finished']:3.0f} %"
        )
        return result

    print(
        f"{args.learners} simulated learners (seed {args.seed}), {len(catalog.exercises)} "
        f"exercises; {placed} took the placement check"
    )
    f = summary("fixed", fixed)
    a = summary("adaptive", adaptive)
    saving = 1 - a["exercises"] / f["exercises"]
    print(
        f"saving {saving:.3f} (target ≥ 0.25), mastery adaptive − fixed "
        f"{a['final_mastery'] - f['final_mastery']:+.3f} (target ≥ 0)"
    )
    print(
        json.dumps(
            {
                "learners": args.learners,
                "seed": args.seed,
                "fixed_exercises": round(f["exercises"], 2),
                "adaptive_exercises": round(a["exercises"], 2),
                "saving": round(saving, 4),
                "fixed_final_mastery": round(f["final_mastery"], 4),
                "adaptive_final_mastery": round(a["final_mastery"], 4),
                "fixed_distinct_exercises": round(f["distinct"], 2),
                "adaptive_distinct_exercises": round(a["distinct"], 2),
                "placement_takers": placed,
            }
        )
    )


if __name__ == "__main__":
    main()
