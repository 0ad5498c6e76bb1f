"""Does the path teach before it asks? Walks the course and checks every exercise against
what the lessons met so far teach.

Two things an exercise needs:
- its ``concepts`` (from ``exercise.toml``): each one that some lesson teaches (a lesson's
  ``concepts`` or ``topics``) must be taught by a lesson met before the exercise. A concept no
  lesson teaches is introduced by the exercise's own statement and is not checked here;
- the constructs its starter code shows the learner (``def``, ``for``, ``class``, an f-string,
  a comprehension, ``try``, ``with``, ``lambda``, a decorator, an ``import`` …): each maps to
  the ids that teach it, and at least one of those must have been met.

Used by the course-order test (``tests/unit/learning/test_course_order.py``); each problem
names the exercise, what it needs and where the course teaches it, so the fix is obvious.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pyroad.curriculum.model import Catalog, ExerciseKind, Lesson
from pyroad.learning.path import CoursePath

# A construct seen in a starter -> the concept/topic ids any one of which teaches it.
DEF = frozenset({"def", "functions"})
RETURN = frozenset({"return", "functions"})
CONSTRUCTS: dict[str, frozenset[str]] = {
    "def": DEF,
    "return": RETURN,
    "for": frozenset({"for", "for-loops"}),
    "while": frozenset({"while", "while-loops"}),
    "break/continue": frozenset({"break", "continue", "break-continue"}),
    "if": frozenset({"if", "conditionals"}),
    "x if c else y": frozenset({"conditional-expression"}),
    "class": frozenset({"classes"}),
    "f-string": frozenset({"f-strings"}),
    "comprehension": frozenset({"comprehensions"}),
    "generator expression": frozenset({"generator-expressions", "comprehensions"}),
    "try": frozenset({"try-except", "exceptions"}),
    "raise": frozenset({"raise", "exceptions"}),
    "with": frozenset({"with", "context-managers"}),
    "lambda": frozenset({"lambda"}),
    "yield": frozenset({"yield", "generators"}),
    "async def/await": frozenset({"asyncio"}),
    "global": frozenset({"global", "scope"}),
    "nonlocal": frozenset({"nonlocal", "closures"}),
    "*args/**kwargs": frozenset({"args", "kwargs", "arguments"}),
    "type hints": frozenset({"type-hints"}),
    "input()": frozenset({"input", "input-print"}),
    "decorator": frozenset({"decorators"}),
}
# Decorators every framework lesson teaches by example, by what they decorate with.
DECORATORS: dict[str, frozenset[str]] = {
    "dataclass": frozenset({"dataclasses"}),
    "property": frozenset({"properties"}),
    "setter": frozenset({"properties", "setters"}),
    "staticmethod": frozenset({"classes"}),
    "classmethod": frozenset({"classes"}),
    "wraps": frozenset({"functools-wraps"}),
    "contextmanager": frozenset({"contextlib", "context-managers"}),
    "total_ordering": frozenset({"total-ordering", "operator-overloading"}),
    "lru_cache": frozenset({"lru-cache", "functools"}),
    "cache": frozenset({"lru-cache", "functools"}),
    "field_validator": frozenset({"pydantic"}),
    "model_validator": frozenset({"pydantic", "model-validators"}),
    "fixture": frozenset({"fixtures", "pytest"}),
    "parametrize": frozenset({"parametrize", "pytest"}),
}
ROUTE_DECORATORS = frozenset({"get", "post", "put", "patch", "delete", "route", "websocket"})
WEB = frozenset({"fastapi", "flask", "django", "routing"})
# ``import X`` is taught by the imports topic, or by a lesson that teaches module X itself.
MODULES: dict[str, frozenset[str]] = {
    "re": frozenset({"re-module", "regex"}),
    "enum": frozenset({"enums"}),
    "typing": frozenset({"type-hints"}),
    "sqlite3": frozenset({"sqlite3", "sqlite", "sql"}),
    "sqlalchemy": frozenset({"sqlalchemy", "orms"}),
    "pytest": frozenset({"pytest", "testing"}),
    "fastapi": frozenset({"fastapi"}),
    "django": frozenset({"django"}),
    "flask": frozenset({"flask"}),
}
IMPORTS = frozenset({"imports"})
CUSTOM_ERROR = frozenset({"classes", "custom-exceptions"})

See = Callable[[str, frozenset[str]], None]  # records one construct and what teaches it


@dataclass(frozen=True)
class Need:
    """Something an exercise needs: a concept it claims, or a construct its starter shows."""

    what: str  # "concept 'tuples'" or "starter uses def"
    taught_by: frozenset[str]  # ids any one of which teaches it


def starter_needs(source: str) -> list[Need]:
    """The constructs a Python starter shows, each with the ids that teach it (in order met)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []  # a broken starter is the gate's business, not the path's
    found: dict[str, frozenset[str]] = {}

    def see(name: str, ids: frozenset[str]) -> None:
        found.setdefault(name, ids)

    for node in ast.walk(tree):
        _classify(node, see)
    return [Need(f"starter uses {name}", ids) for name, ids in found.items()]


def _classify(node: ast.AST, see: See) -> None:
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
        _arguments(node.args, see)
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        see("def", DEF)
        if node.returns is not None:
            see("type hints", CONSTRUCTS["type hints"])
        for decorator in node.decorator_list:
            _decorator(decorator, see)
    if isinstance(node, ast.AsyncFunctionDef | ast.Await | ast.AsyncFor | ast.AsyncWith):
        see("async def/await", CONSTRUCTS["async def/await"])
    simple: dict[type[ast.AST], str] = {
        ast.Return: "return",
        ast.For: "for",
        ast.While: "while",
        ast.Break: "break/continue",
        ast.Continue: "break/continue",
        ast.If: "if",
        ast.IfExp: "x if c else y",
        ast.JoinedStr: "f-string",
        ast.ListComp: "comprehension",
        ast.SetComp: "comprehension",
        ast.DictComp: "comprehension",
        ast.GeneratorExp: "generator expression",
        ast.Try: "try",
        ast.Raise: "raise",
        ast.With: "with",
        ast.Lambda: "lambda",
        ast.Yield: "yield",
        ast.YieldFrom: "yield",
        ast.Global: "global",
        ast.Nonlocal: "nonlocal",
        ast.AnnAssign: "type hints",
    }
    name = simple.get(type(node))
    if name is not None:
        see(name, CONSTRUCTS[name])
    if isinstance(node, ast.ClassDef):
        # `class NotFound(Exception): pass` is how the exceptions lesson makes custom errors.
        bases = [getattr(base, "id", getattr(base, "attr", "")) for base in node.bases]
        if bases and all(base.endswith(("Error", "Exception")) for base in bases):
            see("class (an exception)", CUSTOM_ERROR)
        else:
            see("class", CONSTRUCTS["class"])
        for decorator in node.decorator_list:
            _decorator(decorator, see)
    if isinstance(node, ast.Import):
        for alias in node.names:
            _module(alias.name, see)
    if isinstance(node, ast.ImportFrom) and node.module and not node.level:
        # `from functools import total_ordering` is taught wherever total_ordering is.
        names = frozenset().union(*(DECORATORS.get(a.name, frozenset()) for a in node.names))
        _module(node.module, see, names)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "input":
        see("input()", CONSTRUCTS["input()"])


def _arguments(args: ast.arguments, see: See) -> None:
    if args.vararg is not None or args.kwarg is not None:
        see("*args/**kwargs", CONSTRUCTS["*args/**kwargs"])
    every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
    if any(arg is not None and arg.annotation is not None for arg in every):
        see("type hints", CONSTRUCTS["type hints"])


def _decorator(node: ast.expr, see: See) -> None:
    target = node.func if isinstance(node, ast.Call) else node
    name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
    if name in DECORATORS:
        see(f"@{name}", DECORATORS[name])
    elif name in ROUTE_DECORATORS:
        see(f"@app.{name}", WEB)
    else:
        see("decorator", CONSTRUCTS["decorator"])


def _module(dotted: str, see: See, also: frozenset[str] = frozenset()) -> None:
    top = dotted.split(".")[0]
    see(f"import {top}", IMPORTS | also | MODULES.get(top, frozenset()) | {module_id(top)})


def module_id(name: str) -> str:
    """The id a lesson earns by importing module ``name`` in one of its examples."""
    return f"module:{name}"


PYTHON_BLOCK = re.compile(r"^```python[^\n]*\n(.*?)^```", re.DOTALL | re.MULTILINE)
IMPORT_LINE = re.compile(r"^\s*(?:import|from)\s+([A-Za-z_]\w*)", re.MULTILINE)


def lesson_ids(lesson: Lesson) -> set[str]:
    """What a lesson teaches: its concepts and topics, and each module its examples import
    (a lesson that shows ``import time`` and uses it has taught that import by example)."""
    modules = {
        module_id(name)
        for block in PYTHON_BLOCK.findall(lesson.body)
        for name in IMPORT_LINE.findall(block)
    }
    return {*lesson.concepts, *lesson.topics, *modules}


def teachers(lessons: Iterable[Lesson], ids: frozenset[str]) -> list[str]:
    """Slugs of the lessons that teach any of ``ids`` (for the problem message)."""
    return [lesson.slug for lesson in lessons if lesson_ids(lesson) & ids]


def order_problems(catalog: Catalog) -> list[str]:
    """One line per exercise need that no lesson met before it on the path teaches."""
    taught_anywhere = set().union(*(lesson_ids(lesson) for lesson in catalog.lessons))
    met: set[str] = set()
    problems: list[str] = []
    for item in CoursePath.of(catalog).items:
        if item.lesson is not None and item.kind == "lesson":
            met |= lesson_ids(item.lesson)
            continue
        exercise = item.exercise
        if exercise is None:
            continue
        needs = [
            Need(f"concept '{concept}'", frozenset({concept}))
            for concept in exercise.concepts
            if concept in taught_anywhere
        ]
        if exercise.kind is not ExerciseKind.GIT:
            needs += starter_needs(exercise.starter)
        for need in needs:
            if need.taught_by & met:
                continue
            where = teachers(catalog.lessons, need.taught_by)
            after = f"after lesson '{item.lesson.slug}'" if item.lesson else "in its step"
            problems.append(
                f"step {exercise.step} exercise '{exercise.slug}' ({after}): {need.what}, "
                f"which no lesson before it teaches"
                + (f"; taught in {', '.join(where)}" if where else "; no lesson teaches it")
            )
    return problems
