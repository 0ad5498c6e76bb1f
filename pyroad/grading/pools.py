"""Randomised probes: a pool of inputs made once, sampled per submission.

A probe with a ``pool`` (a Python expression over ``rng``, a ``random.Random`` with a fixed
seed) is evaluated in the sandbox when expectations are pinned; its items (plain JSON
values) and the reference's observation of the probe on each are stored in expected.json.
Each submission then runs the probe on ``sample`` items drawn with the submission's own
seed, the item bound as ``case``; the expected observations stay on the trusted side.

Why a pinned pool rather than a reference run per submission: grading stays one sandbox
run, expectations are reviewed in a diff like any other, and a seed replays a run exactly
(the figures are in curriculum/README.md).
"""

from __future__ import annotations

import math
import random
from typing import Any

from pyroad.curriculum.model import Exercise, Probe
from pyroad.grading.sandbox import Job, RunOutcome, RunStatus

POOL_SEED = 20_261_201
MAX_POOL = 2_000
CHUNK = 100  # pool items per observation, and cases per reference run
POOL_FACTOR = 5  # a pool holds at least this many times `sample` items
_POOL_VAR = "_pyroad_pool"


class PoolError(Exception):
    """A pool that cannot be used: not evaluable, too big or small, not plain JSON values."""


def pool_job(exercise: Exercise, probe: Probe, code: str) -> Job:
    """Evaluate ``probe.pool`` next to ``code`` (the reference), then read it in chunks."""
    build = (
        f"import random as _pyroad_random\nrng = _pyroad_random.Random({POOL_SEED})\n"
        f"{_POOL_VAR} = list({probe.pool})\nlen({_POOL_VAR})"
    )
    chunks = [
        (f"chunk {index}", f"{_POOL_VAR}[{index * CHUNK}:{(index + 1) * CHUNK}]")
        for index in range(MAX_POOL // CHUNK)
    ]
    return Job(
        kind=exercise.kind.value,
        code=code,
        tests=(("size", build), *chunks),
        setup=exercise.setup,
        setup_repo=exercise.setup_repo,
    )


def read_pool(probe: Probe, outcome: RunOutcome) -> list[Any]:
    """The pool's items from the pool job's observations; PoolError says what is wrong."""
    observed = {
        e.get("name"): e.get("observed") for e in outcome.events if e.get("event") == "test"
    }
    size = observed.get("size")
    if outcome.status is not RunStatus.COMPLETED or not isinstance(size, list) or not size:
        raise PoolError(f"test {probe.name!r}: the pool could not be built ({outcome.status})")
    if size[0] == "raise":
        raise PoolError(f"test {probe.name!r}: the pool raised {size[1][0]}: {size[2]}")
    count = int(size[1])
    if count > MAX_POOL:
        raise PoolError(f"test {probe.name!r}: the pool has {count} items; at most {MAX_POOL}")
    if count < POOL_FACTOR * probe.sample:
        raise PoolError(
            f"test {probe.name!r}: the pool has {count} items; it needs at least "
            f"{POOL_FACTOR} × sample = {POOL_FACTOR * probe.sample}"
        )
    items: list[Any] = []
    for index in range(math.ceil(count / CHUNK)):
        chunk = observed.get(f"chunk {index}")
        if not isinstance(chunk, list) or chunk[:1] != ["list"]:
            raise PoolError(
                f"test {probe.name!r}: pool items {index * CHUNK}… are too large to record"
            )
        for item in chunk[1]:
            try:
                items.append(plain(item))
            except ValueError as error:
                raise PoolError(
                    f"test {probe.name!r}: pool item {len(items)} is {error}; items must be "
                    "str, int, float, bool, None, lists or dicts with str keys"
                ) from None
    return items


def plain(value: Any) -> Any:
    """A harness observation back to the plain JSON value it encodes; ValueError if none."""
    if not isinstance(value, list) or not value:
        raise ValueError("unreadable")
    tag = value[0]
    if tag == "none":
        return None
    if tag in ("bool", "str"):
        return value[1]
    if tag == "int":
        return int(value[1])
    if tag == "float" and not isinstance(value[1], str):
        return float(value[1])
    if tag == "list":
        return [plain(item) for item in value[1]]
    if tag == "dict":
        result = {}
        for key, item in value[1]:
            if not isinstance(key, list) or key[:1] != ["str"]:
                raise ValueError("a dict with a key that is not a str")
            result[key[1]] = plain(item)
        return result
    what = {"tuple": "a tuple", "float": "a float that is not finite", "trunc": "too large"}
    raise ValueError(what.get(tag, f"a value of type {tag}"))


def case_code(probe: Probe, case: Any) -> str:
    """The probe's code with ``case`` bound to one pool item (a Python literal of it)."""
    return f"case = {case!r}\n{probe.code}"


def draw(probe: Probe, pool_size: int, seed: int) -> list[int]:
    """Which pool items a submission with ``seed`` runs: the same seed, the same items."""
    # Not a secret, a replayable choice; str seeds hash with SHA-512, stable across runs.
    chooser = random.Random(f"{seed}:{probe.name}")  # noqa: S311
    return chooser.sample(range(pool_size), min(probe.sample, pool_size))
