"""One ``mutation.json`` per exercise: the last results, valid while the content hash holds.

Per exercise rather than one shared file because several authors edit exercises at once.
The hash covers everything that decides whether a mutant is killed (solution, probes,
pinned expectations, setup, kind, limits) and the operators' version; ``mutants.toml`` is
left out on purpose: equivalents label results, they do not change them, so recording one
needs no re-run.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from pyroad.curriculum.model import EXPECTED_FILE, Exercise
from pyroad.curriculum.mutation.operators import VERSION

CACHE_FILE = "mutation.json"


def content_hash(exercise: Exercise) -> str:
    digest = hashlib.sha256(f"operators v{VERSION}\0".encode())
    solution = "solution.sh" if exercise.kind == "git" else "solution.py"
    for name in (solution, "tests.toml", EXPECTED_FILE):
        path = exercise.path / name
        digest.update(name.encode() + b"\0")
        digest.update(path.read_bytes() if path.exists() else b"(missing)")
        digest.update(b"\0")
    parts = (exercise.kind, exercise.solution, exercise.setup, exercise.setup_repo,
             repr(exercise.limits), repr(exercise.tests))  # fmt: skip
    for part in parts:
        digest.update(str(part).encode() + b"\0")
    return digest.hexdigest()[:20]


def read_cache(exercise: Exercise, expected_hash: str) -> dict[str, Any] | None:
    """The cached results if they were computed from this exact content, else None."""
    path = exercise.path / CACHE_FILE
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(document, dict) or document.get("hash") != expected_hash:
        return None
    return document


def write_cache(exercise: Exercise, document: dict[str, Any]) -> None:
    text = json.dumps(document, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    (exercise.path / CACHE_FILE).write_text(text, encoding="utf-8")
