"""Equivalent solutions: programs with the same normalised AST have the same "shape".

A mentor who writes "try `sum()` here" to one learner can send it to every learner whose
solution is the same program up to naming: so the shape ignores what does not change how a
solution works — the names the learner chose, literal values, docstrings, comments, layout
and type annotations — and keeps what does (the statements, the operators, the builtins and
methods called). For example ``total = 0; for n in xs: total += n`` and
``acc = 1; for item in xs: acc += item`` have one shape; ``return sum(xs)`` has another.
"""

from __future__ import annotations

import ast
import hashlib
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)

KEY_LENGTH = 16  # hex digits of SHA-256 kept: ample for a cohort, short in a URL


def _bound_names(tree: ast.AST) -> set[str]:
    """Names the program itself binds (variables, parameters, functions, classes, imports).

    Only these are renamed: a name it merely uses (``print``, ``len``, a module's attribute)
    is part of the solution's shape.
    """
    bound: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            bound.add(node.id)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.alias):
            bound.add(node.asname or node.name.partition(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
        elif isinstance(node, ast.Global | ast.Nonlocal):
            bound.update(node.names)
        elif isinstance(node, ast.MatchAs | ast.MatchStar) and node.name:
            bound.add(node.name)
    return bound


class _Normaliser(ast.NodeTransformer):
    """Renames bound names in order of first appearance and blanks literals and docstrings."""

    def __init__(self, bound: set[str]) -> None:
        self.bound = bound
        self.names: dict[str, str] = {}

    def rename(self, name: str) -> str:
        if name not in self.bound:
            return name
        if name not in self.names:
            self.names[name] = f"v{len(self.names)}"
        return self.names[name]

    def _body(self, body: list[ast.stmt]) -> list[ast.stmt]:
        if (
            body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            body = body[1:] or [ast.Pass()]
        return body

    def visit_Module(self, node: ast.Module) -> ast.AST:
        node.body = self._body(node.body)
        return self.generic_visit(node)

    def _definition(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> ast.AST:
        node.name = self.rename(node.name)
        node.body = self._body(node.body)
        if not isinstance(node, ast.ClassDef):
            node.returns = None
        return self.generic_visit(node)

    visit_FunctionDef = _definition
    visit_AsyncFunctionDef = _definition
    visit_ClassDef = _definition

    def visit_Name(self, node: ast.Name) -> ast.AST:
        return ast.Name(id=self.rename(node.id), ctx=node.ctx)

    def visit_arg(self, node: ast.arg) -> ast.AST:
        return ast.arg(arg=self.rename(node.arg))

    def visit_keyword(self, node: ast.keyword) -> ast.AST:
        if node.arg is not None:  # f(total=1) names a renamed parameter
            node.arg = self.rename(node.arg)
        return self.generic_visit(node)

    def visit_alias(self, node: ast.alias) -> ast.AST:
        if node.asname:
            node.asname = self.rename(node.asname)
        return node

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> ast.AST:
        if node.name:
            node.name = self.rename(node.name)
        return self.generic_visit(node)

    def visit_Global(self, node: ast.Global) -> ast.AST:
        return ast.Global(names=[self.rename(name) for name in node.names])

    def visit_Nonlocal(self, node: ast.Nonlocal) -> ast.AST:
        return ast.Nonlocal(names=[self.rename(name) for name in node.names])

    def visit_AnnAssign(self, node: ast.AnnAssign) -> ast.AST | None:
        """``x: int = 0`` is ``x = 0``; a bare ``x: int`` does nothing at run time."""
        if node.value is None:
            return None
        assign = ast.Assign(targets=[node.target], value=node.value, lineno=0)
        return self.generic_visit(assign)

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        value = node.value
        if isinstance(value, bool) or value is None or value is Ellipsis:
            return node  # these choose a branch or mean "nothing": part of the shape
        if isinstance(value, str | bytes):
            return ast.Constant(value=type(value)())
        return ast.Constant(value=0)


def normalise(code: str) -> str:
    """The normalised AST as text; raises ``SyntaxError`` (or ``ValueError``) when unparsable."""
    tree = ast.parse(code)
    normalised = _Normaliser(_bound_names(tree)).visit(tree)
    return ast.dump(normalised, annotate_fields=False, include_attributes=False)


def shape_key(code: str) -> str | None:
    """A short stable key of the solution's shape, or None for code that does not parse."""
    try:
        text = normalise(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    return hashlib.sha256(text.encode()).hexdigest()[:KEY_LENGTH]


@dataclass
class Group(Generic[K]):
    """Solutions of one shape (``key`` None: each one that does not parse stands alone)."""

    key: str | None
    members: list[K] = field(default_factory=list)


def group(solutions: Iterable[tuple[K, str]]) -> list[Group[K]]:
    """Group (id, code) pairs by shape: largest groups first, then by key; unparsable last."""
    return group_keys((member, shape_key(code)) for member, code in solutions)


def group_keys(keyed: Iterable[tuple[K, str | None]]) -> list[Group[K]]:
    """``group`` for shape keys already known (a caller may keep them: code never changes)."""
    by_key: dict[str, Group[K]] = {}
    unparsable: list[Group[K]] = []
    for member, key in keyed:
        if key is None:
            unparsable.append(Group(None, [member]))
        else:
            by_key.setdefault(key, Group(key)).members.append(member)
    ordered = sorted(by_key.values(), key=lambda g: (-len(g.members), g.key or ""))
    return ordered + unparsable
