"""An exercise as a learner downloads it, and the local stand-in the CLI grades against.

``pyroad download`` writes what a learner may see (statement, starter, visible examples) and
``pyroad test`` grades the learner's file on the visible probes in the same sandbox, with the
same judge, as the server does. The package therefore carries exactly what the judge needs for
visible tests and nothing a hidden test keeps back: visible probes with their pinned
observations (a failing visible test shows its expected value anyway), the setup the probes
run after, and the names of the reference's functions the visible probes call (the judge
words "This test calls `f(…)`" only for the learner's own functions). No hidden probe's code,
name or expectation and no line of the reference solution leaves the server.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from pyroad.curriculum.model import (
    Difficulty,
    Exercise,
    ExerciseKind,
    ExerciseLimits,
    Probe,
)
from pyroad.grading.shows import learner_names, shows_for

FORMAT = 1  # bumped when the package's shape changes; the CLI refuses one it cannot read


def package(exercise: Exercise, expected: dict[str, Any]) -> dict[str, Any]:
    """The downloadable part of ``exercise``; ``expected``: observations by probe name."""
    visible = [probe for probe in exercise.tests if probe.visible]
    called = _called_names(visible)
    return {
        "format": FORMAT,
        "slug": exercise.slug,
        "step": exercise.step,
        "title": exercise.title,
        "kind": exercise.kind.value,
        "statement": exercise.statement,
        "starter": exercise.starter,
        "setup": visible_setup(exercise.setup, [probe.code for probe in visible]),
        "setup_repo": exercise.setup_repo,
        "limits": {"time_s": exercise.limits.time_s, "memory_mb": exercise.limits.memory_mb},
        "tests_total": exercise.tests_total,
        "tests_hidden": exercise.tests_hidden,
        "fingerprint": exercise.fingerprint,
        "names": sorted(learner_names(exercise) & called),
        # Hidden probes run before some visible ones on the server, in the same process.
        "tests": [
            {
                "name": probe.name,
                "code": probe.code,
                "message": probe.message,
                "shows": shows_for(probe, exercise),
                "labels": list(probe.labels),
                "expected": expected.get(probe.name),
            }
            for probe in visible
        ],
    }


class PackageError(ValueError):
    """A downloaded package that cannot be read (edited by hand, or from a newer server)."""


def exercise_from_package(data: dict[str, Any], path: Path) -> Exercise:
    """An ``Exercise`` holding only the visible probes, with their expectations pinned.

    The reference solution is replaced by one line per name the visible probes call
    (``name = None``): the judge reads only which names the learner defines.
    """
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise PackageError(
            "this exercise folder was written by another pyroad version: download it again"
        )
    try:
        tests = tuple(
            Probe(
                name=str(item["name"]),
                code=str(item["code"]),
                message=str(item["message"]),
                line=0,
                visible=True,
                shows=str(item.get("shows") or ""),
                labels=tuple(str(label) for label in item.get("labels") or ()),
            )
            for item in data["tests"]
        )
        pinned = {str(item["name"]): item["expected"] for item in data["tests"]}
        return Exercise(
            slug=str(data["slug"]),
            step=int(data["step"]),
            title=str(data["title"]),
            order=0,
            difficulty=Difficulty.EASY,
            minutes=0,
            concepts=(),
            hints=(),
            kind=ExerciseKind(data["kind"]),
            statement=str(data["statement"]),
            starter=str(data["starter"]),
            solution="".join(f"{name} = None\n" for name in data.get("names") or ()),
            setup=str(data.get("setup") or ""),
            setup_repo=str(data.get("setup_repo") or ""),
            tests=tests,
            wrong_solutions=(),
            limits=ExerciseLimits(
                time_s=float(data["limits"]["time_s"]), memory_mb=int(data["limits"]["memory_mb"])
            ),
            lessons=(),
            project=False,
            path=path,
            pinned=pinned,
            pinned_pools={},
        )
    except (KeyError, TypeError, ValueError) as error:
        raise PackageError(f"the exercise folder's package is damaged ({error!r})") from None


def visible_setup(setup: str, codes: list[str]) -> str:
    """The part of the probes' setup the visible probes need.

    Setups also define data and helpers only hidden probes use (a hidden test's input, buggy
    versions of an app for a test-writing exercise); those stay on the server. Kept: every
    import (a name the learner must define is imported there: its absence is the learner's
    load error, on the server and here), every statement that binds no name (it may set
    state up), and the definitions of the names the visible probes use, transitively.
    """
    try:
        tree = ast.parse(setup)
    except SyntaxError:
        return setup
    needed = {name for code in codes for name in _used(code)}
    parts = [(node, _bound(node), _loaded(node)) for node in tree.body]
    keep = [isinstance(node, ast.Import | ast.ImportFrom) or not bound for node, bound, _ in parts]
    for index, kept in enumerate(keep):
        if kept:
            needed |= parts[index][2]
    changed = True
    while changed:
        changed = False
        for index, (_, bound, loaded) in enumerate(parts):
            if not keep[index] and bound & needed:
                keep[index] = changed = True
                needed |= loaded
    if all(keep):
        return setup
    lines = setup.splitlines()
    kept_text = []
    for index, (node, _, _) in enumerate(parts):
        if keep[index]:
            start = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
            kept_text.append("\n".join(lines[start - 1 : node.end_lineno]))
    return "\n".join(kept_text) + "\n"


def _used(code: str) -> set[str]:
    try:
        return _loaded(ast.parse(code))
    except SyntaxError:
        return set()


def _loaded(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _bound(node: ast.stmt) -> set[str]:
    """Names a top-level statement binds (imports, definitions, assignment targets)."""
    if isinstance(node, ast.Import | ast.ImportFrom):
        return {(a.asname or a.name).split(".")[0] for a in node.names}
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return {node.name}
    targets: list[ast.expr] = []
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, ast.AnnAssign | ast.AugAssign):
        targets = [node.target]
    else:  # for/with/try/if at top level: whatever they bind, conservatively
        return {
            n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
        } | {n.name for n in ast.walk(node) if isinstance(n, ast.FunctionDef | ast.ClassDef)}
    return {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}


def _called_names(probes: list[Probe]) -> set[str]:
    names: set[str] = set()
    for probe in probes:
        try:
            tree = ast.parse(probe.code)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Name):
                names.add(node.id)
            elif isinstance(node, ast.Attribute):
                names.add(node.attr)
    return names
