"""``mutants.toml``: survivors an author has judged equivalent, each with a reason.

```toml
[[equivalent]]
mutant = "cmp-L8-68407c"
reason = "x < 0 and x <= -1 are the same for ints"
```
Entries match on the id's hash (its last part), so a line number that moved does not matter.

An exercise whose solution is not the thing its probes judge (a test suite the probes run
against broken versions of an API, which is its own mutation analysis) can leave the gate
with a top-level ``skip = "reason"``; the summary counts such exercises.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

MUTANTS_FILE = "mutants.toml"


@dataclass(frozen=True)
class Equivalent:
    mutant: str
    reason: str

    @property
    def key(self) -> str:
        return self.mutant.rsplit("-", 1)[-1]


def read_skip(folder: Path) -> str | None:
    """The reason an exercise is left out of the gate, if ``mutants.toml`` gives one."""
    path = folder / MUTANTS_FILE
    if not path.exists():
        return None
    try:
        reason = tomllib.loads(path.read_text(encoding="utf-8")).get("skip")
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return None  # read_equivalents reports the broken file
    return reason.strip() if isinstance(reason, str) and reason.strip() else None


def read_equivalents(folder: Path) -> tuple[list[Equivalent], list[str]]:
    """The recorded equivalents and the problems with the file (each a message)."""
    path = folder / MUTANTS_FILE
    if not path.exists():
        return [], []
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        return [], [f"{MUTANTS_FILE} is not valid TOML: {error}"]
    problems: list[str] = []
    skip = document.get("skip")
    if skip is not None and (not isinstance(skip, str) or not skip.strip()):
        problems.append(f"{MUTANTS_FILE}: `skip` must say in words why the gate does not apply")
    entries = document.get("equivalent", [])
    if not isinstance(entries, list):
        return [], [f"{MUTANTS_FILE}: `equivalent` must be an array of tables ([[equivalent]])"]
    found: list[Equivalent] = []
    for number, entry in enumerate(entries, start=1):
        mutant = entry.get("mutant") if isinstance(entry, dict) else None
        reason = entry.get("reason") if isinstance(entry, dict) else None
        if not isinstance(mutant, str) or not mutant.strip():
            problems.append(f"{MUTANTS_FILE}: equivalent #{number} names no mutant")
            continue
        if not isinstance(reason, str) or not reason.strip():
            problems.append(
                f"{MUTANTS_FILE}: equivalent {mutant!r} has no reason; say in one line why "
                "its behaviour is identical"
            )
            continue
        found.append(Equivalent(mutant.strip(), reason.strip()))
    return found, problems
