"""The curriculum quality gate behind ``pyroad curriculum check``.

For every exercise: metadata complete (the loader), the reference passes every test, the
starter fails at least one, every known-wrong solution fails at least one. Problems name
the file; the summary counts lessons, exercises, rejected wrong solutions and topics.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pyroad.curriculum import format_rules
from pyroad.curriculum.loader import ContentProblem, load_catalog
from pyroad.curriculum.model import EXPECTED_FILE, Catalog, Exercise
from pyroad.curriculum.mutation.checking import gate_checks
from pyroad.curriculum.mutation.gate import ExerciseMutation
from pyroad.curriculum.snippets import check_lesson_snippets
from pyroad.grading.compare import describe, matches
from pyroad.grading.grader import ExerciseBroken, Grader, GradeReport, Verdict


@dataclass
class ExerciseCheck:
    exercise: Exercise
    problems: list[ContentProblem] = field(default_factory=list)
    wrong_rejected: int = 0
    right_accepted: int = 0


@dataclass
class CheckReport:
    catalog: Catalog
    problems: list[ContentProblem]
    exercises: list[ExerciseCheck]
    only: str | None = None
    mutation_line: str | None = None  # the mutation gate's summary (None: gate not run)

    @property
    def ok(self) -> bool:
        return not self.problems and all(not c.problems for c in self.exercises)

    def all_problems(self) -> list[ContentProblem]:
        return self.problems + [p for c in self.exercises for p in c.problems]

    def covered_topics(self) -> set[str]:
        taught = {t for lesson in self.catalog.lessons for t in lesson.topics}
        taught |= {c for exercise in self.catalog.exercises for c in exercise.concepts}
        return {topic.id for topic in self.catalog.topics if topic.id in taught}

    def summary_lines(self) -> list[str]:
        covered = self.covered_topics()
        lines = []
        for step in self.catalog.steps:
            checks = [c for c in self.exercises if c.exercise.step == step.number]
            if self.only is not None and not checks:
                continue  # --only: the steps that were checked
            step_topics = [t for t in self.catalog.topics if t.step == step.number]
            lines.append(
                f"step {step.number} {step.title}: {len(step.lessons)} lessons, "
                f"{len(step.exercises)} exercises, "
                f"{sum(c.wrong_rejected for c in checks)} wrong solutions rejected, "
                f"{sum(1 for t in step_topics if t.id in covered)}/{len(step_topics)} "
                "topics covered"
            )
        if self.only is not None:
            lines.append(f"only {self.only!r}: {len(self.exercises)} exercise(s) checked")
        lines.append(
            f"{len(self.catalog.steps)} steps, {len(self.catalog.exercises)} exercises, "
            f"{len(self.catalog.lessons)} lessons, "
            f"{sum(c.wrong_rejected for c in self.exercises)} wrong solutions rejected, "
            f"{len(covered)}/{len(self.catalog.topics)} topics covered"
        )
        lines.append(format_rules.topics_line(self.catalog))
        if self.mutation_line:  # last: the gate's own summary
            lines.append(self.mutation_line)
        return lines


def check_exercise(grader: Grader, exercise: Exercise, *, update: bool = False) -> ExerciseCheck:
    result = ExerciseCheck(exercise)
    where = exercise.path

    def problem(path: Path, message: str) -> None:
        result.problems.append(ContentProblem(path, None, message))

    for path, message in format_rules.static_problems(exercise):
        problem(path, message)
    try:
        fresh = grader.reference_observations(exercise)
        fresh_pools = grader.reference_pools(exercise)
    except ExerciseBroken as error:
        problem(where / _file(exercise, "solution"), str(error))
        return result
    if update:
        write_pinned(exercise, fresh, fresh_pools)
    else:
        differences = _pinned_differences(exercise, fresh)
        differences += format_rules.pool_differences(exercise, fresh_pools)
        for message in differences:
            problem(where / _file(exercise, "solution"), message)
    exercise = replace(exercise, pinned=fresh, pinned_pools=fresh_pools)

    def grade(code: str) -> GradeReport:  # every pool item, not a sample
        return format_rules.grade_every_case(grader, exercise, code)

    reference = grade(exercise.solution)
    if reference.verdict is not Verdict.PASSED:
        failing = format_rules.failing_tests(reference)
        problem(where / _file(exercise, "solution"), f"reference is {reference.verdict}: {failing}")
    for name, code in exercise.right_solutions:
        right = grade(code)
        if right.verdict is Verdict.PASSED:
            result.right_accepted += 1
        else:
            problem(
                where / "right" / _file(exercise, name),
                f"this correct variant is {right.verdict}: "
                f"{format_rules.failing_tests(right)[:5]} — {right.summary}",
            )
    starter = grade(exercise.starter)
    if starter.verdict is Verdict.PASSED:
        problem(
            where / _file(exercise, "starter"), "starter code passes every test; it must fail one"
        )
    for name, code in exercise.wrong_solutions:
        verdict = grade(code).verdict
        if verdict is Verdict.PASSED:
            problem(
                where / "wrong" / _file(exercise, name),
                "this known-wrong solution passes every test",
            )
        else:
            result.wrong_rejected += 1
    return result


def _pinned_differences(exercise: Exercise, fresh: dict[str, Any]) -> list[str]:
    """Where the reference's observations differ from what expected.json pins."""
    update = "if the change is intended, run `pyroad curriculum check --update` and review the diff"
    if exercise.pinned is None:
        return [f"{EXPECTED_FILE} is missing: run `pyroad curriculum check --update`"]
    messages = []
    for name, observed in fresh.items():
        pinned = exercise.pinned.get(name)
        if pinned is None:
            messages.append(f"test {name!r} has no pinned expectation in {EXPECTED_FILE}; {update}")
        elif not matches(pinned, observed):
            messages.append(
                f"test {name!r}: the reference now gives {describe(observed)} but {EXPECTED_FILE} "
                f"pins {describe(pinned)}; {update}"
            )
    return messages


def write_pinned(
    exercise: Exercise,
    observations: dict[str, Any],
    pools: dict[str, list[dict[str, Any]]] | None = None,
) -> None:
    fixed = [probe for probe in exercise.tests if not probe.randomised]
    tests = {probe.name: observations[probe.name] for probe in fixed}
    (exercise.path / EXPECTED_FILE).write_text(pinned_text(tests, pools), encoding="utf-8")


def pinned_text(tests: dict[str, Any], pools: dict[str, list[dict[str, Any]]] | None) -> str:
    """expected.json with one line per observation and per pool case.

    Reviewers read its diff after `--update`: a line per probe shows exactly which
    expectation moved, and pools of hundreds of cases stay a few hundred lines, not the
    tens of thousands an indented dump of nested observations takes.
    """

    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))

    lines = ["{", ' "tests": {']
    lines += [f"  {one(name)}: {one(value)}," for name, value in tests.items()]
    if tests:
        lines[-1] = lines[-1].rstrip(",")
    lines.append(" }" + ("," if pools else ""))
    if pools:
        lines.append(' "pools": {')
        for index, (name, cases) in enumerate(pools.items()):
            lines.append(f"  {one(name)}: [")
            lines += [f"   {one(case)}," for case in cases]
            if cases:
                lines[-1] = lines[-1].rstrip(",")
            lines.append("  ]" + ("," if index < len(pools) - 1 else ""))
        lines.append(" }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _file(exercise: Exercise, stem: str) -> str:
    return f"{stem}.{'sh' if exercise.kind == 'git' else 'py'}"


def run_check(
    root: Path,
    grader: Grader,
    *,
    only: str | None = None,
    workers: int = 2,
    update: bool = False,
    progress: Callable[[ExerciseCheck], None] | None = None,
    mutate: bool = True,
    mutation_progress: Callable[[ExerciseMutation], None] | None = None,
) -> CheckReport:
    catalog, problems = load_catalog(root)
    exercises = [e for e in catalog.exercises if only is None or only in (e.slug, str(e.step))]
    lessons = [le for le in catalog.lessons if only is None or only in (le.slug, str(le.step))]
    if only is not None and not exercises and not lessons:
        problems.append(
            ContentProblem(
                root, None, f"--only {only!r} matches no exercise, lesson or step number"
            )
        )
    with ThreadPoolExecutor(max_workers=workers) as pool:
        checks = []
        for check in pool.map(lambda e: check_exercise(grader, e, update=update), exercises):
            checks.append(check)
            if progress:
                progress(check)
        # Every Python block of a lesson runs in the learners' sandbox (snippets.py).
        for found in pool.map(lambda le: check_lesson_snippets(grader.sandbox, le), lessons):
            problems.extend(found)
    report = CheckReport(catalog, problems, checks, only)
    if mutate:  # after the other checks: mutants are judged against the checked probes
        gate = gate_checks(checks, grader, workers=workers, reload_from=root if update else None,
                           progress=mutation_progress)  # fmt: skip
        report.mutation_line = gate.summary_line()
    return report
