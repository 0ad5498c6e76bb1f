"""What the mentoring reports derive from a submission's code, kept per submission.

A submission's code never changes, so its shape key and its fingerprints are computed once
per process, keyed by id *and* a digest of the code (so another database behind the same
process — tests, a restored backup — is never answered from a stale entry). A 500-learner
cohort's report tokenises and parses 500 solutions the first time (about 2 s here) and only
the new submissions after that. Bounded (least recently used out first) and safe across the
request threads.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

from pyroad.teaching import shapes, similarity

V = TypeVar("V")
K = TypeVar("K")

MAX_KEPT = 20_000  # per memo: shape keys are 16 characters, fingerprints a few KiB at most


class Memo(Generic[K, V]):
    """A bounded, thread-safe map from a key to a value computed once."""

    def __init__(self, size: int = MAX_KEPT) -> None:
        self.size = size
        self._values: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K, compute: Callable[[], V]) -> V:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        value = compute()  # outside the lock: two threads may both compute, both agree
        with self._lock:
            self._values[key] = value
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._values)


_SHAPES: Memo[tuple[int, bytes], str | None] = Memo()
_PRINTS: Memo[tuple[int, bytes, str], similarity.Fingerprint[int]] = Memo()


def _digest(code: str) -> bytes:
    return hashlib.blake2b(code.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def shape_of(submission_id: int, code: str) -> str | None:
    return _SHAPES.get((submission_id, _digest(code)), lambda: shapes.shape_key(code))


def fingerprint_of(submission_id: int, code: str, starter: str) -> similarity.Fingerprint[int]:
    """The submission's fingerprints without the starter's (the exercise's starter is part
    of the key: an exercise edited while the server runs gets fresh fingerprints)."""
    return _PRINTS.get(
        (submission_id, _digest(code), starter),
        lambda: similarity.fingerprint(
            submission_id, code, similarity.starter_hashes(starter) if starter else frozenset()
        ),
    )
