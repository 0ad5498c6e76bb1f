"""The mutation gate: operators, stable ids, survivors, equivalents, threshold and cache."""

from __future__ import annotations

import json
import textwrap
from dataclasses import replace
from pathlib import Path
from typing import Any

from pyroad.curriculum.model import (
    Difficulty,
    Exercise,
    ExerciseKind,
    ExerciseLimits,
    Probe,
)
from pyroad.curriculum.mutation.cache import CACHE_FILE
from pyroad.curriculum.mutation.gate import mutation_gate
from pyroad.curriculum.mutation.git import git_mutants
from pyroad.curriculum.mutation.operators import Mutant, mutants
from pyroad.curriculum.mutation.run import Fate
from pyroad.grading.grader import Grader, GradeReport, Verdict
from pyroad.grading.sandbox import Sandbox


def _after(source: str, operator: str) -> set[str]:
    return {m.after for m in mutants(textwrap.dedent(source)) if m.operator == operator}


def _codes(source: str, operator: str) -> list[str]:
    return [m.code for m in mutants(textwrap.dedent(source)) if m.operator == operator]


# ---------------------------------------------------------------- operators, one by one


def test_comparisons_flip_at_the_boundary() -> None:
    assert _after("def f(x):\n    return 1 <= x < 10\n", "cmp") == {
        "1 < x < 10",
        "1 <= x <= 10",
    }
    assert _after("def f(x):\n    return x == 'a'\n", "cmp") == {"x != 'a'"}
    assert _after("def f(x):\n    return x > 3\n", "cmp") == {"x >= 3"}


def test_integer_constants_move_by_one_but_booleans_are_negated() -> None:
    assert _after("def f(x):\n    return x[3]\n", "num") == {"4", "2"}
    assert _after("def f():\n    return True\n", "bool") == {"False"}
    assert _after("def f():\n    return True\n", "num") == set()


def test_and_or_swap_and_not_removed() -> None:
    source = "def f(a, b):\n    return not (a and b)\n"
    assert _after(source, "andor") == {"a or b"}
    assert _after(source, "not") == {"a and b"}


def test_branches_are_emptied_and_else_removed() -> None:
    source = """
    def f(x):
        if x:
            y = 1
        else:
            y = 2
        return y
    """
    codes = _codes(source, "branch")
    assert any("if x:\n        pass\n    else:\n        y = 2" in c for c in codes)
    assert any("if x:\n        y = 1\n    return y" in c for c in codes)


def test_early_return_and_raise_removed_and_an_early_return_inserted() -> None:
    source = """
    def f(x):
        '''Doc.'''
        if x < 0:
            log(x)
            raise ValueError('negative')
        if x == 0:
            log(x)
            return 0
        return x * 2
    """
    assert any("log(x)\n    if x == 0" in c for c in _codes(source, "raise"))
    returns = _codes(source, "return")
    assert any("log(x)\n    return x * 2" in c for c in returns)
    assert any('Doc."""\n    return None\n    if x < 0' in c for c in returns)
    assert not any(c.rstrip().endswith("if x == 0:\n        return 0") for c in returns), (
        "the final return is not early: removing it is not a mutant"
    )


def test_validation_calls_and_validator_decorators_removed() -> None:
    source = """
    from pydantic import BaseModel, field_validator
    class M(BaseModel):
        name: str
        @field_validator('name')
        @classmethod
        def check(cls, v):
            validate(v)
            return v
    """
    assert "(removed)" in _after(source, "call")
    assert _after(source, "validator") == {"(decorator removed)"}


def test_field_constraints_dropped_and_bounds_loosened() -> None:
    source = """
    from pydantic import BaseModel, Field
    class M(BaseModel):
        title: str = Field(min_length=1, max_length=80)
        qty: int = Field(gt=0, description='how many')
    """
    after = _after(source, "field")
    assert "Field(max_length=80)" in after and "Field(min_length=1)" in after
    assert "Field(description='how many')" in after
    assert "Field(ge=0, description='how many')" in after


def test_regex_anchors_dropped_and_fullmatch_loosened() -> None:
    source = r"""
    import re
    from pydantic import Field
    def ok(text):
        return re.match(r'^\d+$', text) is not None
    def ok2(text):
        return re.fullmatch(r'\A[a-z]+\Z', text)
    slug: str = Field(pattern='^[a-z-]+$')
    """
    after = _after(source, "anchor")
    assert {"'\\\\d+$'", "'^\\\\d+'", "'[a-z]+\\\\Z'", "'\\\\A[a-z]+'", "'[a-z-]+$'"} <= after
    assert "re.search('\\\\A[a-z]+\\\\Z', text)" in _after(source, "method")


def test_status_codes_change_to_a_neighbour() -> None:
    source = """
    from fastapi import HTTPException, status
    @app.post('/items', status_code=201)
    def create():
        raise HTTPException(404, 'missing')
    @app.delete('/items/{i}', status_code=status.HTTP_204_NO_CONTENT)
    def delete(i):
        if not i:
            raise ApiError(422, 'no id')
        return ('', 409)
    """
    after = _after(source, "status")
    assert {"200", "400"} <= after
    assert len(_codes(source, "status")) == 5
    assert _after(source, "num") == set(), "status codes change as codes, not by one"


def test_sort_order_flipped_and_key_dropped() -> None:
    source = "def f(xs):\n    xs.sort(key=len)\n    return sorted(xs, reverse=True)\n"
    after = _after(source, "sort")
    assert {"xs.sort(key=len, reverse=True)", "xs.sort()", "sorted(xs)"} <= after


def test_copies_become_aliases() -> None:
    source = """
    import copy
    def f(a, b, c, d, e):
        return list(a), dict(b), c.copy(), copy.deepcopy(d), e[:]
    """
    assert _after(source, "alias") == {"a", "b", "c", "d", "e"}


def test_meaningful_strings_change() -> None:
    source = "def f(x):\n    if x.startswith('Bearer '):\n        return 'ok'\n    return ''\n"
    assert _after(source, "str") == {"''", "'X'"}


def test_table_entries_removed_normalisers_dropped_and_rounding_moved() -> None:
    source = """
    ALLOWED = {'a': {'b', 'c'}}
    def f(text, price):
        return text.strip().lower(), f'{price:.2f}'
    """
    assert _after(source, "item") == {"(entry removed)", "(item removed)"}
    assert len(_codes(source, "item")) == 3
    assert {"text.strip()", "text"} <= _after(source, "method")
    assert {"{price:.1f}", "{price:.3f}"} <= _after(source, "num")


def test_mutants_that_do_not_compile_are_discarded() -> None:
    # Removing the only statement of a body leaves `pass`, never an empty block.
    for mutant in mutants("def f(x):\n    if x:\n        print(x)\n"):
        compile(mutant.code, "m.py", "exec")


def test_ids_are_stable_and_survive_edits_elsewhere() -> None:
    source = "def f(x):\n    return x < 3\n"
    first = {m.id for m in mutants(source)}
    assert first == {m.id for m in mutants(source)}
    moved = "import os\n\n\n" + source
    assert {m.key for m in mutants(moved)} == {m.key for m in mutants(source)}
    assert all(len(m.id) < 24 for m in mutants(source))


def test_git_scripts_drop_swap_and_change_flags() -> None:
    script = "git status\ngit add app.py\ngit reset --soft HEAD~2\ngit commit -m 'x'\n"
    found = git_mutants(script)
    diffs = {(m.operator, m.after) for m in found}
    assert ("drop", "(removed)") in diffs
    assert ("flag", "git reset --hard 'HEAD~2'") in diffs
    assert ("flag", "git reset 'HEAD~2'") in diffs
    assert ("num", "git reset --soft 'HEAD~1'") in diffs
    assert any(m.operator == "swap" for m in found)
    assert not any("git status" in m.before for m in found), "look-only lines are left alone"


# ---------------------------------------------------------------- the gate, with a fake grader

SOLUTION = """\
def grade(score):
    if score < 0:
        raise ValueError("negative")
    if score >= 50:
        return "pass"
    return "fail"
"""


class InProcessGrader(Grader):
    """Grades trusted test code in-process: a mutant passes when every probe agrees."""

    def __init__(self) -> None:
        self.runs = 0

    def grade(self, exercise: Exercise, code: str, on_test: Any = None) -> GradeReport:
        self.runs += 1

        def observe(source: str) -> list[Any]:
            namespace: dict[str, Any] = {}
            exec(source, namespace)  # noqa: S102 - the test's own fixed code
            return [_run(p.code, namespace) for p in exercise.tests]

        same = observe(code) == observe(exercise.solution)
        return GradeReport(Verdict.PASSED if same else Verdict.FAILED)


def _run(code: str, namespace: dict[str, Any]) -> Any:
    try:
        return eval(code, namespace)  # noqa: S307 - the test's own fixed code
    except ValueError as error:
        return f"raised {error}"


def _exercise(folder: Path, probes: tuple[str, ...], solution: str = SOLUTION) -> Exercise:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "solution.py").write_text(solution)
    (folder / "tests.toml").write_text("\n".join(probes))
    return Exercise(
        slug=folder.name,
        step=1,
        title=folder.name,
        order=1,
        difficulty=Difficulty.EASY,
        minutes=1,
        concepts=(),
        hints=(),
        kind=ExerciseKind.MODULE,
        statement="",
        starter="",
        solution=solution,
        setup="",
        setup_repo="",
        tests=tuple(Probe(f"p{n}", code, "rule", n) for n, code in enumerate(probes)),
        wrong_solutions=(),
        limits=ExerciseLimits(time_s=2.0),
        lessons=(),
        project=False,
        path=folder,
    )


ALL_BOUNDARIES = ("grade(-1)", "grade(0)", "grade(49)", "grade(50)")


def test_a_survivor_is_reported_and_fails_the_gate_below_the_threshold(tmp_path: Path) -> None:
    exercise = _exercise(tmp_path / "grade", ("grade(-5)", "grade(5)", "grade(100)"))
    report = mutation_gate(InProcessGrader(), [exercise], workers=2)
    [result] = report.exercises
    assert result.survivors, "no probe sits on a boundary: boundary flips survive"
    assert any(m.operator == "cmp" for m in result.survivors)
    assert result.below and result.percent < 90
    [problem] = result.gate_problems()
    assert "survivors:" in problem and result.survivors[0].id in problem
    assert "1 below 90%" in report.summary_line()


def test_probes_at_every_boundary_kill_everything(tmp_path: Path) -> None:
    report = mutation_gate(InProcessGrader(), [_exercise(tmp_path / "grade", ALL_BOUNDARIES)],
                           workers=2)  # fmt: skip
    [result] = report.exercises
    assert result.survivors == [] and result.percent == 100.0 and not result.gate_problems()
    assert report.summary_line().endswith("100.0% killed, 0 equivalent, 0 below 90%")


def _survivor(tmp_path: Path) -> tuple[Exercise, Mutant]:
    exercise = _exercise(tmp_path / "grade", (*ALL_BOUNDARIES[:-1], "grade(70)"))
    [result] = mutation_gate(InProcessGrader(), [exercise], workers=1).exercises
    return exercise, result.survivors[0]


def test_an_equivalent_with_a_reason_is_excluded(tmp_path: Path) -> None:
    exercise, survivor = _survivor(tmp_path)
    (exercise.path / "mutants.toml").write_text(
        f'[[equivalent]]\nmutant = "{survivor.id}"\nreason = "same for these inputs"\n'
    )
    [result] = mutation_gate(InProcessGrader(), [exercise], workers=1).exercises
    assert survivor.id in result.equivalent and survivor not in result.survivors
    assert not result.problems
    assert "1 equivalent" in result.line()


def test_bad_equivalents_are_content_problems(tmp_path: Path) -> None:
    exercise, survivor = _survivor(tmp_path)
    killed = next(m for m in mutants(SOLUTION) if m.id != survivor.id)
    (exercise.path / "mutants.toml").write_text(
        f'[[equivalent]]\nmutant = "{survivor.id}"\n\n'
        '[[equivalent]]\nmutant = "cmp-L9-abcdef"\nreason = "gone"\n\n'
        f'[[equivalent]]\nmutant = "{killed.id}"\nreason = "wrongly claimed"\n'
    )
    [result] = mutation_gate(InProcessGrader(), [exercise], workers=1).exercises
    text = "\n".join(result.problems)
    assert "has no reason" in text
    assert "'cmp-L9-abcdef' no longer exists" in text
    assert f"{killed.id!r} is killed by a probe" in text


def test_an_exercise_can_leave_the_gate_only_with_a_reason(tmp_path: Path) -> None:
    exercise = _exercise(tmp_path / "grade", ("grade(5)",))
    (exercise.path / "mutants.toml").write_text('skip = "the solution is a test suite"\n')
    grader = InProcessGrader()
    report = mutation_gate(grader, [exercise], workers=1)
    [result] = report.exercises
    assert result.skipped == "the solution is a test suite" and not result.below
    assert grader.runs == 0 and not result.problems
    assert report.summary_line().endswith("0 below 90%, 1 skipped")

    (exercise.path / "mutants.toml").write_text('skip = " "\n')
    [result] = mutation_gate(grader, [exercise], workers=1).exercises
    assert result.skipped is None and result.below
    assert any("`skip` must say in words why" in p for p in result.problems)


def test_the_cache_is_reused_and_invalidated_by_a_content_change(tmp_path: Path) -> None:
    exercise = _exercise(tmp_path / "grade", ALL_BOUNDARIES)
    grader = InProcessGrader()
    mutation_gate(grader, [exercise], workers=1)
    first_runs = grader.runs
    assert first_runs > 5
    cache = json.loads((exercise.path / CACHE_FILE).read_text())
    assert set(cache["fates"]) == {m.id for m in mutants(SOLUTION)}
    assert cache["survivors"] == {}

    [again] = mutation_gate(grader, [exercise], workers=1).exercises
    assert grader.runs == first_runs and again.cached

    # Rewording (a comment, a message) decides nothing: the cache holds.
    (exercise.path / "tests.toml").write_text("# reworded for beginners\n")
    first, *rest = exercise.tests
    reworded = replace(exercise, tests=(replace(first, message="Said better."), *rest))
    [kept] = mutation_gate(grader, [reworded], workers=1).exercises
    assert grader.runs == first_runs and kept.cached

    edited = replace(exercise, tests=(replace(first, code=first.code + " + 0"), *rest))
    [fresh] = mutation_gate(grader, [edited], workers=1).exercises
    assert grader.runs > first_runs and not fresh.cached


# ---------------------------------------------------------------- the real sandbox

COUNT_UP = """\
def clamp(x):
    while x < 0:
        x += 1
    return min(x, 10)
"""


def test_mutants_are_graded_in_the_learners_sandbox(tmp_path: Path, sandbox: Sandbox) -> None:
    """The shared warm pool (tests/conftest.py), the real harness and grader."""
    probes = tuple(f"solution.{p}" for p in ("grade(-5)", "grade(5)", "grade(100)"))
    exercise = replace(_exercise(tmp_path / "grade", probes), setup="import solution")
    [result] = mutation_gate(Grader(sandbox), [exercise], workers=2).exercises
    assert not result.problems, result.problems
    assert len(result.fates) == len(result.mutants) > 5
    assert result.survivors and result.killed
    assert {m.operator for m in result.survivors} == {"cmp", "num"}, "no probe at a boundary"

    # `x += 0` never ends: a time-out, killed but counted apart.
    counting = tuple(f"solution.{p}" for p in ("clamp(-5)", "clamp(5)", "clamp(50)"))
    slow = replace(
        _exercise(tmp_path / "slow", counting, solution=COUNT_UP), setup="import solution"
    )
    [timed] = mutation_gate(Grader(sandbox), [slow], workers=2).exercises
    assert not timed.problems, timed.problems
    assert [m.after for m in timed.mutants if m.id in timed.ids(Fate.TIMEOUT)] == ["0"]
