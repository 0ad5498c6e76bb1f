"""Mutation operators for Python solutions, on the standard ``ast``.

Each mutant is one small edit a learner could plausibly make: a boundary flipped, a
constant off by one, a check or branch left out, an anchor dropped from a pattern, a copy
turned into an alias. ``mutants(source)`` walks the tree once; every edit is applied in
place, rendered with ``ast.unparse`` and undone, so one tree serves all mutants.

Ids are ``operator-Lline-hash``: the hash covers the operator, the enclosing function, the
original and mutated snippet and which occurrence it is, not the line, so an equivalent
recorded in ``mutants.toml`` survives edits elsewhere in the file (the line is a reading aid).
"""

from __future__ import annotations

import ast
import copy
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

# Bump when an operator changes what an existing id stands for: cached results (mutation.json)
# are then recomputed. Mutants added or removed need no bump: a cache whose ids differ from
# the generated ones is recomputed anyway.
VERSION = 2


@dataclass(frozen=True)
class Mutant:
    id: str
    operator: str
    line: int
    before: str
    after: str
    code: str

    @property
    def key(self) -> str:
        """The stable part of the id (what ``mutants.toml`` entries are matched on)."""
        return self.id.rsplit("-", 1)[-1]

    @property
    def diff(self) -> str:
        return f"L{self.line}: {self.before}  →  {self.after}"


_FLIPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
_STATUS = {
    200: 201, 201: 200, 202: 200, 204: 200, 301: 302, 302: 301, 303: 302, 307: 302,
    308: 301, 400: 422, 401: 403, 403: 401, 404: 400, 405: 400, 409: 400, 410: 404,
    413: 400, 415: 400, 422: 400, 429: 400, 500: 400, 503: 500,
}  # fmt: skip
_STATUS_CALLS = {
    "HTTPException", "abort", "Response", "JSONResponse", "RedirectResponse",
    "PlainTextResponse", "HTMLResponse", "make_response", "StreamingResponse",
}  # fmt: skip
_FIELD_CALLS = {
    "Field", "Query", "Path", "Body", "Header", "Cookie", "Form", "File", "constr", "conint",
    "confloat", "condecimal", "conlist", "conset", "StringConstraints",
}  # fmt: skip
_CONSTRAINTS = {
    "max_length", "min_length", "gt", "ge", "lt", "le", "pattern", "regex", "strict",
    "multiple_of", "max_digits", "decimal_places", "allow_inf_nan", "strip_whitespace",
    "to_lower", "to_upper", "min_items", "max_items",
}  # fmt: skip
_BOUND_SWAPS = {"gt": "ge", "ge": "gt", "lt": "le", "le": "lt"}
_REGEX_FUNCS = {"match", "fullmatch", "search", "compile", "sub", "subn", "findall",
                "finditer", "split"}  # fmt: skip
_METHOD_SWAPS = {
    "strip": ("lstrip", "rstrip"),
    "lstrip": ("rstrip",),
    "rstrip": ("lstrip",),
    "startswith": ("endswith",),
    "endswith": ("startswith",),
    "removeprefix": ("removesuffix",),
    "removesuffix": ("removeprefix",),
    "isdigit": ("isdecimal",),
    "isdecimal": ("isdigit",),
    "fullmatch": ("search", "match"),
    "match": ("search",),
    "min": ("max",),
    "max": ("min",),
    "rglob": ("glob",),
}
# Normalising calls a learner forgets: `text.strip().lower()` → `text.strip()`.
_NORMALISERS = {"strip", "lstrip", "rstrip", "lower", "upper", "casefold", "title"}
_STRING_ARG_METHODS = {
    "startswith", "endswith", "split", "rsplit", "strip", "lstrip", "rstrip", "removeprefix",
    "removesuffix", "replace", "join", "partition", "rpartition", "count", "find", "index",
}  # fmt: skip
_VALIDATOR_DECORATORS = {"field_validator", "model_validator", "validator", "root_validator"}


def _name(node: ast.AST) -> str:
    """``f`` for ``f(…)`` and ``x.f(…)``: the called name, whatever it is called on."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Call):
        return _name(node.func)
    return ""


def _segment(lines: list[str], node: ast.AST) -> str:
    """The node's source text on its first line (``ast.get_source_segment`` splits the whole
    source on every call, which dominated generation time)."""
    start = getattr(node, "lineno", None)
    if start is None or start > len(lines):
        return _short(node)
    raw = lines[start - 1].encode()
    begin = getattr(node, "col_offset", 0)
    end = node.end_col_offset if node.end_lineno == start else None  # type: ignore[attr-defined]
    text = raw[begin:end].decode(errors="replace") or ast.unparse(node)
    first = text.strip().splitlines()[0] if text.strip() else text
    return first if len(first) <= 90 else first[:87] + "…"


def _short(node: ast.AST | list[ast.stmt]) -> str:
    if isinstance(node, list):
        return "; ".join(ast.unparse(s).splitlines()[0] for s in node) or "(nothing)"
    text = ast.unparse(node).splitlines()[0]
    return text if len(text) <= 90 else text[:87] + "…"


@dataclass
class _Edit:
    operator: str
    node: ast.AST  # the original node (for line and snippet)
    holder: Any
    field: str
    index: int | None
    new: Any


def _is_status_site(parent: ast.AST | None, grand: ast.AST | None) -> bool:
    if isinstance(parent, ast.keyword):
        return parent.arg in ("status_code", "status")
    if isinstance(parent, ast.Call):
        name = _name(parent.func)
        return name in _STATUS_CALLS or name.endswith(("Error", "Exception", "Response"))
    if isinstance(parent, ast.Tuple):
        return isinstance(grand, ast.Return)
    if isinstance(parent, ast.Compare):
        parts = [parent.left, *parent.comparators]
        return any(_name(p) in ("status_code", "status") for p in parts)
    return False


def _is_regex_site(parent: ast.AST | None, node: ast.AST) -> bool:
    if isinstance(parent, ast.keyword):
        return parent.arg in ("pattern", "regex")
    if isinstance(parent, ast.Call) and parent.args and parent.args[0] is node:
        func = parent.func
        return (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == "re"
            and func.attr in _REGEX_FUNCS
        )
    return False


def _is_meaningful_string(parent: ast.AST | None, node: ast.AST) -> bool:
    if isinstance(parent, ast.Compare | ast.Return):
        return True
    if isinstance(parent, ast.Call) and isinstance(parent.func, ast.Attribute):
        return parent.func.attr in _STRING_ARG_METHODS and (
            node in parent.args or parent.func.value is node
        )
    return False


def _unanchored(pattern: str) -> Iterator[str]:
    if pattern.startswith("^"):
        yield pattern[1:]
    elif pattern.startswith("\\A"):
        yield pattern[2:]
    if pattern.endswith("\\Z") or pattern.endswith("\\z"):
        yield pattern[:-2]
    elif pattern.endswith("$") and not pattern.endswith("\\$"):
        yield pattern[:-1]


def _expression_edits(
    node: ast.AST, parent: ast.AST | None, grand: ast.AST | None
) -> Iterator[tuple[str, ast.AST]]:
    """(operator, replacement) for one node, judged with its parent for context."""
    if isinstance(node, ast.Compare):
        for index, op in enumerate(node.ops):
            flipped = _FLIPS.get(type(op))
            if flipped is not None:
                ops = [*node.ops[:index], flipped(), *node.ops[index + 1 :]]
                yield "cmp", ast.Compare(node.left, ops, node.comparators)
    elif isinstance(node, ast.BoolOp):
        yield "andor", ast.BoolOp(ast.Or() if isinstance(node.op, ast.And) else ast.And(),
                                  node.values)  # fmt: skip
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        yield "not", node.operand
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub):
        yield "arith", ast.BinOp(node.left, ast.Sub() if isinstance(node.op, ast.Add)
                                 else ast.Add(), node.right)  # fmt: skip
    elif isinstance(node, ast.Constant):
        yield from _constant_edits(node, parent, grand)
    elif isinstance(node, ast.Attribute) and node.attr.startswith("HTTP_"):
        code = node.attr.split("_")[1]
        if code.isdigit() and int(code) in _STATUS:
            yield "status", ast.Constant(_STATUS[int(code)])
    elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
        whole = node.slice
        if whole.lower is None and whole.upper is None and whole.step is None:
            yield "alias", node.value
    elif isinstance(node, ast.Call):
        yield from _call_edits(node)
    elif isinstance(node, ast.FormattedValue) and isinstance(node.format_spec, ast.JoinedStr):
        yield from _precision_edits(node, node.format_spec)
    elif isinstance(node, ast.Set | ast.List) and len(node.elts) >= 2:
        for index in range(len(node.elts)):
            kept = node.elts[:index] + node.elts[index + 1 :]
            yield (
                "item",
                type(node)(kept) if isinstance(node, ast.Set) else ast.List(kept, ast.Load()),
            )
    elif isinstance(node, ast.Dict) and node.keys and None not in node.keys:
        for index in range(len(node.keys)):
            yield (
                "item",
                ast.Dict(
                    node.keys[:index] + node.keys[index + 1 :],
                    node.values[:index] + node.values[index + 1 :],
                ),
            )


def _precision_edits(
    node: ast.FormattedValue, spec: ast.JoinedStr
) -> Iterator[tuple[str, ast.AST]]:
    """`{x:.2f}` → `{x:.1f}` / `{x:.3f}`: a rounding rule off by one digit."""
    text = "".join(str(v.value) for v in spec.values if isinstance(v, ast.Constant))
    match = re.search(r"\.(\d+)", text)
    if match is None or len(spec.values) != 1:
        return
    digits = int(match.group(1))
    for changed in (digits + 1, digits - 1):
        if changed >= 0:
            new_spec = text[: match.start(1)] + str(changed) + text[match.end(1) :]
            yield (
                "num",
                ast.FormattedValue(
                    node.value, node.conversion, ast.JoinedStr([ast.Constant(new_spec)])
                ),
            )


def _constant_edits(
    node: ast.Constant, parent: ast.AST | None, grand: ast.AST | None
) -> Iterator[tuple[str, ast.AST]]:
    value = node.value
    if isinstance(value, bool):
        yield "bool", ast.Constant(not value)
    elif isinstance(value, int):
        if 100 <= value <= 599 and _is_status_site(parent, grand):
            yield "status", ast.Constant(_STATUS.get(value, value // 100 * 100))
        else:
            yield "num", ast.Constant(value + 1)
            yield "num", ast.Constant(value - 1)
    elif isinstance(value, str):
        if _is_regex_site(parent, node):
            for pattern in _unanchored(value):
                yield "anchor", ast.Constant(pattern)
        elif _is_meaningful_string(parent, node):
            yield "str", ast.Constant("" if value else "X")


def _call_edits(node: ast.Call) -> Iterator[tuple[str, ast.AST]]:
    name = _name(node.func)
    keywords = {k.arg: k for k in node.keywords if k.arg}

    def without(arg: str) -> ast.Call:
        return ast.Call(node.func, node.args, [k for k in node.keywords if k.arg != arg])

    if name in ("sorted", "sort"):
        reverse = keywords.get("reverse")
        if reverse is None:
            flag = ast.keyword("reverse", ast.Constant(True))
            yield "sort", ast.Call(node.func, node.args, [*node.keywords, flag])
        else:
            yield "sort", without("reverse")
        if "key" in keywords:
            yield "sort", without("key")
    if name in _FIELD_CALLS:
        for arg in keywords:
            if arg in _CONSTRAINTS:
                yield "field", without(arg)
            if arg in _BOUND_SWAPS:
                renamed = [
                    ast.keyword(_BOUND_SWAPS[arg], k.value) if k.arg == arg else k
                    for k in node.keywords
                ]
                yield "field", ast.Call(node.func, node.args, renamed)
    one_arg = len(node.args) == 1 and not node.keywords
    called_on = _name(node.func.value) if isinstance(node.func, ast.Attribute) else ""
    if one_arg and (
        (isinstance(node.func, ast.Name) and name in ("list", "dict", "deepcopy"))
        or (name in ("copy", "deepcopy") and called_on == "copy")
    ):
        yield "alias", node.args[0]
    elif (
        name == "copy"
        and not node.args
        and not node.keywords
        and isinstance(node.func, ast.Attribute)
    ):
        yield "alias", node.func.value
    if name in _NORMALISERS and not node.args and isinstance(node.func, ast.Attribute):
        yield "method", node.func.value
    for other in _METHOD_SWAPS.get(name, ()):
        if isinstance(node.func, ast.Attribute):
            func: ast.expr = ast.Attribute(node.func.value, other, ast.Load())
        elif name in ("min", "max"):
            func = ast.Name(other, ast.Load())
        else:
            continue
        yield "method", ast.Call(func, node.args, node.keywords)


def _is_function(node: ast.AST) -> bool:
    return isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)


def _statement_edits(
    holder: ast.AST, field: str, body: list[ast.stmt], in_function: bool
) -> Iterator[_Edit]:
    """Edits to a statement list: branches emptied, returns/raises/calls removed or added."""
    pass_: list[ast.stmt] = [ast.Pass()]
    if _is_function(holder):
        start = 1 if body and _is_docstring(body[0]) else 0
        if start < len(body) and not isinstance(body[start], ast.Return):
            early = [*body[:start], ast.Return(ast.Constant(None)), *body[start:]]
            yield _Edit("return", body[start], holder, field, None, early)
    for index, statement in enumerate(body):
        last = index == len(body) - 1
        rest = body[:index] + body[index + 1 :]
        if isinstance(statement, ast.If):
            if not (len(statement.body) == 1 and isinstance(statement.body[0], ast.Pass)):
                emptied = copy.copy(statement)
                emptied.body = pass_
                yield _Edit("branch", statement, body, "", index, emptied)
            if statement.orelse:
                no_else = copy.copy(statement)
                no_else.orelse = []
                yield _Edit("branch", statement.orelse[0], body, "", index, no_else)
        elif isinstance(statement, ast.Return | ast.Raise):
            # The function's final return is not an "early" one; removing it is noise.
            if in_function and not (last and _is_function(holder)):
                yield _Edit(
                    "return" if isinstance(statement, ast.Return) else "raise",
                    statement, holder, field, None, rest or pass_,
                )  # fmt: skip
        elif isinstance(statement, ast.Assert) or (
            isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call)
        ):
            yield _Edit("call", statement, holder, field, None, rest or pass_)
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            for position, decorator in enumerate(statement.decorator_list):
                if _name(decorator) in _VALIDATOR_DECORATORS:
                    stripped = copy.copy(statement)
                    stripped.decorator_list = [
                        d for i, d in enumerate(statement.decorator_list) if i != position
                    ]
                    yield _Edit("validator", decorator, body, "", index, stripped)


def _is_docstring(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )


def _collect(tree: ast.Module) -> Iterator[tuple[_Edit, str, int | None]]:
    """Every edit, the function (or class, or module) it sits in and its top-level statement.

    The top-level index lets a mutant be rendered by re-rendering only that statement; an
    edit to the module's own statement list has none (the whole module is rendered).
    """

    def visit(
        node: ast.AST,
        parent: ast.AST | None,
        grand: ast.AST | None,
        scope: str,
        in_fn: bool,
        top: int | None,
    ) -> Iterator[tuple[_Edit, str, int | None]]:
        if _is_function(node) or isinstance(node, ast.ClassDef):
            scope = f"{scope}.{node.name}"  # type: ignore[attr-defined]
            in_fn = in_fn or _is_function(node)
        for field, value in ast.iter_fields(node):
            if isinstance(value, list):
                if value and all(isinstance(v, ast.stmt) for v in value):
                    for edit in _statement_edits(node, field, value, in_fn):
                        yield edit, scope, top
                for index, item in enumerate(value):
                    if isinstance(item, ast.AST):
                        below = index if node is tree else top
                        if isinstance(item, ast.expr):
                            for operator, new in _expression_edits(item, node, parent):
                                edit = _Edit(operator, item, node, field, index, new)
                                yield edit, scope, below
                        yield from visit(item, node, parent, scope, in_fn, below)
            elif isinstance(value, ast.AST):
                if isinstance(value, ast.expr):
                    for operator, new in _expression_edits(value, node, parent):
                        yield _Edit(operator, value, node, field, None, new), scope, top
                yield from visit(value, node, parent, scope, in_fn, top)

    yield from visit(tree, None, None, "", False, None)


def _render(tree: ast.Module, edit: _Edit, top: int | None, parts: list[str]) -> tuple[str, str]:
    """The module with ``edit`` applied and the part that changed (the tree is restored)."""
    if edit.field == "":  # a replacement inside a statement list
        holder: Any = edit.holder
        slot: Any = edit.index
    elif edit.index is None:
        holder, slot = edit.holder, edit.field
    else:
        holder, slot = getattr(edit.holder, edit.field), edit.index
    is_list = isinstance(holder, list)
    old = holder[slot] if is_list else getattr(holder, slot)
    if is_list:
        holder[slot] = edit.new
    else:
        setattr(holder, slot, edit.new)
    try:
        if top is None:
            code = _join(tree)
            return code, code
        piece = ast.unparse(tree.body[top])
        return "\n".join([*parts[:top], piece, *parts[top + 1 :]]), piece
    finally:
        if is_list:
            holder[slot] = old
        else:
            setattr(holder, slot, old)


def _join(tree: ast.Module) -> str:
    return "\n".join(ast.unparse(statement) for statement in tree.body)


def _removed_item(edit: _Edit) -> ast.AST:
    """The element an "item" edit leaves out (a dict entry is shown by its key)."""
    old, new = edit.node, edit.new
    if isinstance(old, ast.Dict) and isinstance(new, ast.Dict):
        kept = {id(k) for k in new.keys}
        return next(k for k in old.keys if k is not None and id(k) not in kept)
    assert isinstance(old, ast.Set | ast.List) and isinstance(new, ast.Set | ast.List)
    kept = {id(e) for e in new.elts}
    return next(e for e in old.elts if id(e) not in kept)


def _describe(lines: list[str], edit: _Edit) -> tuple[str, str]:
    if edit.operator == "item":
        item = _removed_item(edit)
        entry = isinstance(edit.node, ast.Dict)
        return _segment(lines, item), f"({'entry' if entry else 'item'} removed)"
    if isinstance(edit.node, ast.FormattedValue):
        return _short(edit.node), _short(edit.new)
    before = _segment(lines, edit.node)
    if isinstance(edit.new, list):
        removed = [s for s in _old_list(edit) if s not in edit.new]
        if removed:
            return _segment(lines, removed[0]), "(removed)"
        added = [s for s in edit.new if s not in _old_list(edit)]
        return before, f"{_short(added)}  (inserted before)"
    if edit.field == "" and isinstance(edit.new, ast.If | ast.FunctionDef | ast.AsyncFunctionDef):
        if edit.operator == "validator":
            return before, "(decorator removed)"
        if (
            isinstance(edit.new, ast.If)
            and edit.new.body
            and isinstance(edit.new.body[0], ast.Pass)
        ):
            return _segment(lines, edit.node), "if-body → pass"
        return f"else: {before}", "(else removed)"
    return before, _short(edit.new)


def _old_list(edit: _Edit) -> list[ast.stmt]:
    return list(getattr(edit.holder, edit.field))


def mutants(source: str) -> list[Mutant]:
    """Every distinct mutant of ``source`` that still compiles, in source order."""
    tree = ast.parse(source)
    parts = [ast.unparse(statement) for statement in tree.body]
    lines = source.splitlines()
    seen = {"\n".join(parts)}
    occurrences: dict[str, int] = {}
    found: list[Mutant] = []
    for edit, scope, top in _collect(tree):
        code, piece = _render(tree, edit, top, parts)
        if code in seen:
            continue
        seen.add(code)
        try:  # a top-level statement compiles on its own: no need to compile the module
            compile(piece, "solution.py", "exec")
        except (SyntaxError, ValueError):
            continue  # a mutant that does not compile is not a mutant
        before, after = _describe(lines, edit)
        shown = _removed_item(edit) if edit.operator == "item" else edit.node
        identity = f"{edit.operator}\0{scope}\0{_short(shown)}\0{after}"
        occurrences[identity] = occurrences.get(identity, 0) + 1
        digest = hashlib.sha256(f"{identity}\0{occurrences[identity]}".encode()).hexdigest()[:6]
        line = getattr(shown, "lineno", 0)
        found.append(
            Mutant(f"{edit.operator}-L{line}-{digest}", edit.operator, line, before, after, code)
        )
    return found


def normalised(source: str) -> str:
    """The solution as the mutants are rendered (``ast.unparse``), to check it still passes."""
    return _join(ast.parse(source))
