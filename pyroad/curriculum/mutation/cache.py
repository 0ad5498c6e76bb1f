"""One ``mutation.json`` per exercise: the last results, valid while the content hash holds.

Per exercise rather than one shared file because several authors edit exercises at once.
The hash covers everything that decides whether a mutant is killed (solution, probes'
code, pinned expectations, setup, kind, limits) and the operators' version, and nothing a
learner merely reads (messages, descriptions, labels). ``mutants.toml`` is left out on
purpose: equivalents label results, they do not change them, so recording one needs no
re-run.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from pyroad.curriculum.model import EXPECTED_FILE, Exercise
from pyroad.curriculum.mutation.operators import VERSION

CACHE_FILE = "mutation.json"


def content_hash(exercise: Exercise) -> str:
    """A digest of what decides outcomes only, so rewording feedback keeps the cache valid.

    Covered: the operators' version, kind, solution, setup, start repository, limits, the
    pinned ``expected.json`` and each probe's name, code, pool and sample. Left out on
    purpose: presentation (``message``, ``visible``, ``shows``, ``labels``) and the layout of
    ``tests.toml`` (comments, order of keys, line numbers), which a grade never reads.
    """
    parts: list[str] = [
        f"operators v{VERSION}",
        str(exercise.kind),
        exercise.solution,
        exercise.setup,
        exercise.setup_repo,
        f"time_s={exercise.limits.time_s!r} memory_mb={exercise.limits.memory_mb!r}",
    ]
    expected = exercise.path / EXPECTED_FILE
    parts.append(expected.read_text(encoding="utf-8") if expected.exists() else "(missing)")
    for probe in exercise.tests:
        parts += ["probe", probe.name, probe.code, probe.pool, str(probe.sample)]
    digest = hashlib.sha256()
    for part in parts:
        # Length-prefixed so no two different sequences of parts can hash alike.
        encoded = part.encode()
        digest.update(f"{len(encoded)}:".encode() + encoded)
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
