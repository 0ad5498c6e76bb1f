"""Which exercises get a request console: those whose learner code defines a web app."""

from __future__ import annotations

import ast
import threading

from pyroad.curriculum.model import Exercise

_known: dict[tuple[str, str], bool] = {}
_lock = threading.Lock()


def has_console(exercise: Exercise) -> bool:
    """True when the reference solution defines ``app`` at top level, or is a Django URLconf.

    The harness looks for the same names in the learner's code (``harness._find_app``).
    """
    key = (exercise.slug, exercise.solution)  # a str hashes once, then is cached
    found = _known.get(key)
    if found is None:
        found = exercise.kind == "module" and defines_app(exercise.solution)
        with _lock:
            _known[key] = found
    return found


def defines_app(source: str) -> bool:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    names: set[str] = set()
    imports_django = False
    for node in tree.body:
        if isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            modules.append(getattr(node, "module", None) or "")
            imports_django |= any(m.split(".")[0] == "django" for m in modules)
    return "app" in names or (imports_django and "urlpatterns" in names)
