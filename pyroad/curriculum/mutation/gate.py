"""The gate: per exercise, the share of mutants the probes kill, from cache or fresh runs.

``mutation_gate`` is what ``pyroad curriculum check`` and ``pyroad curriculum mutate`` call.
Cached results (``mutation.json``) are used while the exercise's content hash holds; stale or
missing ones are recomputed and rewritten. An exercise fails below ``THRESHOLD`` killed,
equivalents (``mutants.toml``) excluded from the count.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pyroad.curriculum.model import Exercise
from pyroad.curriculum.mutation.cache import content_hash, read_cache, write_cache
from pyroad.curriculum.mutation.equivalents import MUTANTS_FILE, read_equivalents, read_skip
from pyroad.curriculum.mutation.operators import Mutant
from pyroad.curriculum.mutation.run import (
    ORIGINAL,
    Fate,
    Graded,
    generate,
    grade_all,
    original_job,
)
from pyroad.grading.grader import Grader

THRESHOLD = 90.0


@dataclass
class ExerciseMutation:
    exercise: Exercise
    mutants: list[Mutant]
    fates: dict[str, Fate]
    equivalent: dict[str, str] = field(default_factory=dict)  # mutant id → reason
    problems: list[str] = field(default_factory=list)
    cached: bool = False
    skipped: str | None = None  # mutants.toml `skip`: why the gate does not apply

    def ids(self, fate: Fate) -> list[str]:
        return [
            m.id
            for m in self.mutants
            if self.fates.get(m.id) is fate and m.id not in self.equivalent
        ]

    @property
    def killed(self) -> int:
        return len(self.ids(Fate.KILLED)) + len(self.ids(Fate.TIMEOUT))

    @property
    def counted(self) -> int:
        """Mutants the percentage is over: all but equivalents and ungraded ones."""
        return self.killed + len(self.ids(Fate.SURVIVED))

    @property
    def percent(self) -> float:
        return 100.0 * self.killed / self.counted if self.counted else 100.0

    @property
    def survivors(self) -> list[Mutant]:
        alive = set(self.ids(Fate.SURVIVED))
        return [m for m in self.mutants if m.id in alive]

    @property
    def below(self) -> bool:
        return self.skipped is None and self.percent < THRESHOLD

    def line(self) -> str:
        if self.skipped is not None:
            return f"{self.exercise.step:02d} {self.exercise.slug}: skipped ({self.skipped})"
        return (
            f"{self.exercise.step:02d} {self.exercise.slug}: {len(self.mutants)} mutants, "
            f"{self.killed} killed ({len(self.ids(Fate.TIMEOUT))} timed out), "
            f"{len(self.survivors)} survived, {len(self.equivalent)} equivalent, "
            f"{self.percent:.1f}% killed{' (cached)' if self.cached else ''}"
        )

    def gate_problems(self) -> list[str]:
        """What fails the gate for this exercise, each a message for the content author."""
        messages = list(self.problems)
        if self.below:
            shown = "; ".join(f"{m.id} ({m.diff})" for m in self.survivors[:12])
            more = len(self.survivors) - 12
            messages.append(
                f"mutation: only {self.percent:.1f}% of mutants killed (at least {THRESHOLD:g}% "
                f"required); add probes that kill the survivors or record true equivalents in "
                f"{MUTANTS_FILE} — survivors: {shown}{f' and {more} more' if more > 0 else ''}"
            )
        return messages


@dataclass
class MutationReport:
    exercises: list[ExerciseMutation]

    def summary_line(self) -> str:
        mutants = sum(len(e.mutants) for e in self.exercises)
        killed = sum(e.killed for e in self.exercises)
        counted = sum(e.counted for e in self.exercises)
        equivalent = sum(len(e.equivalent) for e in self.exercises)
        below = sum(1 for e in self.exercises if e.below)
        skipped = sum(1 for e in self.exercises if e.skipped is not None)
        percent = 100.0 * killed / counted if counted else 100.0
        return (
            f"mutation: {len(self.exercises)} exercises, {mutants} mutants, {percent:.1f}% killed, "
            f"{equivalent} equivalent, {below} below {THRESHOLD:g}%"
            + (f", {skipped} skipped" if skipped else "")
        )


def _label(result: ExerciseMutation) -> None:
    """Apply mutants.toml: survivors become equivalent; stale or wrong entries are problems."""
    entries, problems = read_equivalents(result.exercise.path)
    result.problems.extend(problems)
    if result.skipped is not None:
        return
    by_key = {m.key: m for m in result.mutants}
    for entry in entries:
        mutant = by_key.get(entry.key)
        if mutant is None:
            result.problems.append(
                f"{MUTANTS_FILE}: mutant {entry.mutant!r} no longer exists; remove the entry "
                "(run `pyroad curriculum mutate --only SLUG` for the current ids)"
            )
        elif result.fates.get(mutant.id) in (Fate.KILLED, Fate.TIMEOUT):
            result.problems.append(
                f"{MUTANTS_FILE}: mutant {entry.mutant!r} is killed by a probe, so it is not "
                "equivalent; remove the entry"
            )
        else:
            result.equivalent[mutant.id] = entry.reason


def _document(result: ExerciseMutation, digest: str) -> dict[str, Any]:
    return {
        "hash": digest,
        "fates": {m.id: str(result.fates[m.id]) for m in result.mutants},
        "survivors": {m.id: m.diff for m in result.mutants if result.fates[m.id] is Fate.SURVIVED},
    }


def mutation_gate(
    grader: Grader,
    exercises: list[Exercise],
    *,
    workers: int,
    use_cache: bool = True,
    progress: Callable[[ExerciseMutation], None] | None = None,
) -> MutationReport:
    """Mutate every exercise, grade what the cache does not already know, label, report."""
    results: dict[str, ExerciseMutation] = {}
    pending: dict[str, int] = {}
    digests: dict[str, str] = {}
    jobs: list[tuple[Exercise, Mutant]] = []
    for exercise in exercises:
        skip = read_skip(exercise.path)
        generated = [] if skip is not None else generate(exercise)
        result = ExerciseMutation(exercise, generated, {}, skipped=skip)
        results[exercise.slug] = result
        if skip is not None:
            result.cached = True  # nothing to run; reported as skipped
            continue
        digests[exercise.slug] = content_hash(exercise)
        cached = read_cache(exercise, digests[exercise.slug]) if use_cache else None
        fates = (cached or {}).get("fates", {})
        if cached is not None and set(fates) == {m.id for m in generated}:
            result.fates = {key: Fate(value) for key, value in fates.items()}
            result.cached = True
            continue
        own = [(exercise, m) for m in generated]
        original = original_job(exercise)
        if original is not None:
            own.insert(0, (exercise, original))
        pending[exercise.slug] = len(own)
        jobs.extend(own)
    lock = threading.Lock()

    def finish(result: ExerciseMutation) -> None:
        _label(result)
        if progress:
            progress(result)

    def on_graded(graded: Graded) -> None:
        slug = graded.exercise.slug
        with lock:
            result = results[slug]
            if graded.mutant.id == ORIGINAL:
                if graded.fate is not Fate.SURVIVED:
                    result.problems.append(
                        "mutation: the solution as rendered for mutation (ast.unparse) does not "
                        f"pass ({graded.fate} {graded.detail}); the gate cannot judge its mutants"
                    )
            else:
                result.fates[graded.mutant.id] = graded.fate
                if graded.fate is Fate.ERROR:
                    result.problems.append(
                        f"mutation: mutant {graded.mutant.id} could not be graded: {graded.detail}"
                    )
            pending[slug] -= 1
            if pending[slug]:
                return
            if not result.problems:
                write_cache(result.exercise, _document(result, digests[slug]))
        finish(result)

    for result in results.values():
        if result.cached:
            finish(result)
    for result in results.values():
        if not result.cached and not pending.get(result.exercise.slug):
            finish(result)  # nothing to grade (no mutants, e.g. an empty script)
    grade_all(grader, jobs, workers=workers, on_graded=on_graded)
    return MutationReport(list(results.values()))
