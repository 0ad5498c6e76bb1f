"""Grade mutants exactly as learners are graded: the same ``Grader`` and sandbox pool.

A mutant is *killed* when its verdict is anything but passed, *timed out* when the verdict is
a time-out (killed, but reported apart: a slow kill costs a whole time limit), *survived*
when it passes. An internal error is none of these: it is reported, never counted as a kill.

Randomised probes draw their cases as for one learner submission with the grader's default
seed, not every pool item: a mutant caught only by a rare item would pass most submissions,
so counting it as killed would flatter the probes. The fixed seed keeps results cacheable.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass

from pyroad.curriculum.model import Exercise
from pyroad.curriculum.mutation.git import git_mutants
from pyroad.curriculum.mutation.operators import Mutant, mutants, normalised
from pyroad.grading.grader import ExerciseBroken, Grader, Verdict


class Fate(enum.StrEnum):
    KILLED = "killed"
    TIMEOUT = "timeout"
    SURVIVED = "survived"
    ERROR = "error"


# The pseudo-mutant id of the unmutated solution as ast.unparse renders it: it must pass,
# or every "kill" could be the rendering's fault rather than a probe's.
ORIGINAL = "original"


def generate(exercise: Exercise) -> list[Mutant]:
    """The exercise's mutants (a solution that does not parse has none: check reports it)."""
    if exercise.kind == "git":
        return git_mutants(exercise.solution)
    try:
        return mutants(exercise.solution)
    except SyntaxError:
        return []


def original_job(exercise: Exercise) -> Mutant | None:
    if exercise.kind == "git":
        return None
    try:
        code = normalised(exercise.solution)
    except SyntaxError:
        return None
    return Mutant(ORIGINAL, ORIGINAL, 0, "", "", code)


@dataclass(frozen=True)
class Graded:
    exercise: Exercise
    mutant: Mutant
    fate: Fate
    detail: str = ""


def fate_of(grader: Grader, exercise: Exercise, mutant: Mutant) -> Graded:
    try:
        verdict = grader.grade(exercise, mutant.code).verdict
        if verdict is Verdict.TIMEOUT or (mutant.id == ORIGINAL and verdict is not Verdict.PASSED):
            # Once more: on a loaded machine a slow-but-finite mutant can miss the wall clock
            # (a time-out counts as a kill), and one stray failure of the unmutated solution
            # must not void a whole exercise. A real endless loop or failure happens again.
            verdict = grader.grade(exercise, mutant.code).verdict
    except ExerciseBroken as error:
        return Graded(exercise, mutant, Fate.ERROR, str(error))
    except Exception as error:  # the sandbox itself failed: report it, never count a kill
        return Graded(exercise, mutant, Fate.ERROR, f"{type(error).__name__}: {error}")
    if verdict is Verdict.PASSED:
        return Graded(exercise, mutant, Fate.SURVIVED)
    if verdict is Verdict.TIMEOUT:
        return Graded(exercise, mutant, Fate.TIMEOUT)
    if verdict is Verdict.INTERNAL:
        return Graded(exercise, mutant, Fate.ERROR, "the grader reported an internal error")
    return Graded(exercise, mutant, Fate.KILLED, str(verdict))


def grade_all(
    grader: Grader,
    jobs: Iterable[tuple[Exercise, Mutant]],
    *,
    workers: int,
    on_graded: Callable[[Graded], None],
) -> None:
    """Grade every (exercise, mutant) across the sandbox's workers, reporting each as it ends."""
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = [pool.submit(fate_of, grader, exercise, mutant) for exercise, mutant in jobs]
        for future in as_completed(futures):
            on_graded(future.result())
