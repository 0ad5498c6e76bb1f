"""What a test does, said in the learner's terms: the ``shows`` line of a visible test.

A probe is code written by the course author, around helpers the learner never saw
(``run_program``, ``client``, ``error_shape``). The learner should read what the test did
with *their* code: "calls `parse_port('8080')`", "runs your program and types: `orders`,
`8000`". Two shapes are described automatically; any other visible probe needs an
author-written ``shows`` (a format rule checks it), so helper names never reach a learner.
"""

from __future__ import annotations

import ast
import functools
import re

from pyroad.curriculum.model import Exercise, ExerciseKind, Probe
from pyroad.grading.wording import code, edges_marked, plural

MAX_SHOWN = 160  # characters of a derived description; longer calls need an author's words
# A setup that builds an HTTP test client (FastAPI/Starlette, Flask, Django): a web exercise,
# whose tests' values are a response's parts, read as JSON.
HTTP_CLIENT = re.compile(r"\bTestClient\(|\.test_client\(|\bClient\(")


def builds_http_client(exercise: Exercise) -> bool:
    return bool(HTTP_CLIENT.search(exercise.setup))


def shows_for(probe: Probe, exercise: Exercise) -> str:
    """The description a learner may read: the author's, else a derived one, else ""."""
    return probe.shows or derive_shows(probe, exercise) or ""


def derive_shows(probe: Probe, exercise: Exercise) -> str | None:
    """The description of a single call of a learner-defined function or of ``run_program``.

    None when the probe is anything else (several statements, a helper from the setup,
    arguments that are not plain values), which then needs an author-written ``shows``.
    """
    if probe.randomised:
        return None
    return _derived(probe.code, exercise.kind, exercise.solution, exercise.setup)


@functools.lru_cache(maxsize=4096)
def _derived(probe_code: str, kind: ExerciseKind, solution: str, setup: str) -> str | None:
    """Memoised on the texts: every grading asks again for every visible test, and parsing
    the reference and the setup each time was a twentieth of a busy server's CPU."""
    try:
        tree = ast.parse(probe_code.strip(), mode="eval")
    except SyntaxError:
        return None
    call = tree.body
    if not isinstance(call, ast.Call):
        return None
    if not all(_plain(arg) for arg in [*call.args, *(k.value for k in call.keywords)]):
        return None
    if any(keyword.arg is None for keyword in call.keywords):  # **kwargs
        return None
    name = _called_name(call.func)
    if name is None:
        return None
    if kind is ExerciseKind.PROGRAM and name == "run_program":
        return _program_run(call)
    if kind is not ExerciseKind.MODULE or name not in _learner_names(solution, setup):
        return None
    shown = ast.unparse(ast.Call(func=ast.Name(id=name), args=call.args, keywords=call.keywords))
    if len(shown) > MAX_SHOWN or "\n" in shown:
        return None
    return f"calls {code(shown)}"


def learner_names(exercise: Exercise) -> frozenset[str]:
    """Names the learner defines (the reference's top level) that the setup does not shadow."""
    return _learner_names(exercise.solution, exercise.setup)


@functools.lru_cache(maxsize=1024)
def _learner_names(solution: str, setup: str) -> frozenset[str]:
    return frozenset(_top_level_names(solution) - _setup_own_names(setup))


def _program_run(call: ast.Call) -> str | None:
    stdin: ast.expr | None = call.args[0] if call.args else None
    for keyword in call.keywords:
        if keyword.arg == "stdin":
            stdin = keyword.value
        else:
            return None
    if len(call.args) > 1 or (call.args and any(k.arg == "stdin" for k in call.keywords)):
        return None
    text = ast.literal_eval(stdin) if stdin is not None else ""
    if not isinstance(text, str):
        return None
    if not text:
        return "runs your program (no input)"
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # the Enter after the last line
    typed = ", ".join(_typed(line) for line in lines)
    if len(typed) > MAX_SHOWN:
        return None
    return f"runs your program and types: {typed}"


def _typed(line: str) -> str:
    """One typed line; spaces at its ends made visible (␣), since a code span hides them."""
    if not line.strip():
        return "an empty line" if not line else f"a line of {plural(len(line), 'space')}"
    return code(edges_marked(line))


def _plain(node: ast.expr) -> bool:
    try:
        ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False
    return True


def _called_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    # ``solution.parse_port(...)``: the learner's module under its import name.
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return func.attr if func.value.id == "solution" else None
    return None


def _top_level_names(source: str) -> set[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def _setup_own_names(setup: str) -> set[str]:
    """Names the setup defines itself (helpers, wrappers), not those it imports from solution."""
    try:
        tree = ast.parse(setup)
    except SyntaxError:
        return set()
    own: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            own.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            own.add(node.id)
        elif isinstance(node, ast.ImportFrom) and node.module != "solution":
            own.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            own.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            # ``from solution import x as y``: the learner's x under another name.
            own.update(alias.asname for alias in node.names if alias.asname)
    return own
