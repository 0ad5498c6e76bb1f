"""What a run of a quiet file means: it defined things that nothing used, or it reads input.

A learner pressing Run on a function exercise sees nothing printed: the file defined
``format_order_line`` and stopped. Saying "use print()" there contradicts the task (return,
not print); saying what happened, and how to try the function, does not. Whether code reads
input tells the page whether to offer an input box at all.
"""

from __future__ import annotations

import ast
import re

_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_QUIET = (ast.Import, ast.ImportFrom, ast.Assign, ast.AnnAssign, ast.Pass, *_DEFINITIONS)


def _tree(code: str) -> ast.Module | None:
    try:
        return ast.parse(code)
    except (SyntaxError, ValueError):  # ValueError: a NUL byte
        return None


def reads_input(code: str) -> bool:
    """True when the code calls ``input()`` or touches ``sys.stdin`` anywhere."""
    tree = _tree(code)
    if tree is None:
        return "input(" in code or "stdin" in code  # cannot parse: guess from the text
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _called(node) == "input":
            return True
        if isinstance(node, ast.Attribute) and node.attr == "stdin":
            return True
        if isinstance(node, ast.ImportFrom) and any(a.name == "stdin" for a in node.names):
            return True
    return False


def stored_input(code: str) -> str | None:
    """The variable that keeps what ``input()`` read, in code that never prints; else None.

    ``username = input().strip()`` run on its own shows nothing: the line was read and kept.
    """
    tree = _tree(code)
    if tree is None:
        return None
    calls = [_called(node) for node in ast.walk(tree) if isinstance(node, ast.Call)]
    if "print" in calls or "input" not in calls:
        return None
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            inner = [n for n in ast.walk(node.value) if isinstance(n, ast.Call)]
            if any(_called(call) == "input" for call in inner):
                return node.targets[0].id
    return None


def input_kept(name: str) -> str:
    """The explanation of a quiet run that read input into ``name`` (Markdown)."""
    return (
        f"Your code ran: it read the line you typed and kept it in `{name}`, but printed "
        f"nothing (only `print()` shows something). Add `print({name})` at the end to see it."
    )


def _called(call: ast.Call) -> str:
    return call.func.id if isinstance(call.func, ast.Name) else ""


def defined_only(code: str) -> list[str]:
    """The functions, classes and apps a file defines when that is all it does; else [].

    "All it does": the top level only imports, assigns and defines (``app = Flask(...)``
    counts as a definition), and no top-level statement calls a function it defines.
    """
    tree = _tree(code)
    if tree is None or not tree.body:
        return []
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # a docstring
        if not isinstance(node, _QUIET):
            return []
        if isinstance(node, _DEFINITIONS):
            names.append(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign) and _creates_app(node):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names += [t.id for t in targets if isinstance(t, ast.Name)]
    if not names:
        return []
    for node in tree.body:  # a top-level assignment that calls one of them uses it
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            for inner in ast.walk(node.value):
                if isinstance(inner, ast.Call) and _called(inner) in names:
                    return []
    return names


def _creates_app(node: ast.Assign | ast.AnnAssign) -> bool:
    value = node.value
    if not isinstance(value, ast.Call):
        return False
    func = value.func
    called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
    return called in ("Flask", "FastAPI", "APIRouter", "Blueprint", "Starlette")


def example_call(name: str, statement: str) -> str | None:
    """The first call of ``name`` with arguments written out in the statement, if any."""
    for found in re.finditer(rf"\b{re.escape(name)}\(([^()\n]*)\)", statement):
        arguments = found.group(1).strip()
        if arguments and _is_literal_call(found.group(0)):
            return found.group(0)
    return None


def _is_literal_call(text: str) -> bool:
    """``f('coffee', 3, 2.5)``: arguments a learner can paste as they are (no names)."""
    try:
        call = ast.parse(text, mode="eval").body
    except SyntaxError:
        return False
    if not isinstance(call, ast.Call):
        return False
    values = [*call.args, *(keyword.value for keyword in call.keywords)]
    try:
        for value in values:
            ast.literal_eval(value)
    except ValueError:
        return False
    return True


def nothing_called(
    names: list[str], statement: str = "", returns: bool = False, console: bool = False
) -> str:
    """The explanation of a quiet run of a file that only defines ``names`` (Markdown).

    ``returns``: the task is a function the tests call (so its result is returned, not
    printed); ``console``: the page has a request console for a web app.
    """
    shown = " and ".join(f"`{name}`" for name in names[:3]) + (
        f" and {len(names) - 3} more" if len(names) > 3 else ""
    )
    apps = [name for name in names if name in ("app", "router")]
    if apps:
        where = (
            "with the request console below the editor: choose a method and a path, then Send"
            if console
            else "by running it with a web server"
        )
        return (
            f"Your file ran and created `{apps[0]}`, but nothing sent it a request, so nothing "
            f"was printed. Try it {where}."
        )
    functions = [name for name in names if not name[:1].isupper()] or names
    name = functions[0]
    found = example_call(name, statement)
    example = found or f"{name}(…)"
    hint = "" if found else ", with values of your own for its arguments,"
    text = (
        f"Your file ran and defined {shown}, but nothing called "
        f"{'it' if len(names) == 1 else 'them'}, so nothing was printed. To try "
        f"`{name}`, add a line at the bottom such as `print({example})`{hint} and run "
        "it again."
    )
    if returns:
        text += (
            " The tests call your function themselves and check what it returns: that line is "
            "for trying only, and `return` (not `print`) stays inside the function."
        )
    return text
