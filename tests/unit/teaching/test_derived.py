"""Shapes and fingerprints kept per submission: computed once, bounded, never stale."""

from __future__ import annotations

from pyroad.teaching import derived
from pyroad.teaching.derived import Memo


def test_a_value_is_computed_once_and_the_oldest_goes_first() -> None:
    calls: list[int] = []
    memo: Memo[int, int] = Memo(size=2)

    def square(n: int) -> int:
        calls.append(n)
        return n * n

    assert memo.get(3, lambda: square(3)) == 9
    assert memo.get(3, lambda: square(3)) == 9
    assert calls == [3]
    memo.get(4, lambda: square(4))
    memo.get(3, lambda: square(3))  # 3 used again: 4 is now the oldest
    memo.get(5, lambda: square(5))
    assert len(memo) == 2
    memo.get(3, lambda: square(3))
    memo.get(4, lambda: square(4))
    assert calls == [3, 4, 5, 4]


def test_same_id_with_other_code_is_not_answered_from_the_memo() -> None:
    """Another database behind the same process reuses ids (tests do, a restore would)."""
    one = derived.shape_of(987_654, "total = 0\nfor x in xs:\n    total += x\n")
    other = derived.shape_of(987_654, "print(sum(xs))\n")
    assert one is not None and other is not None and one != other
    first = derived.fingerprint_of(987_654, "a = b + c * d - e\n", "")
    second = derived.fingerprint_of(987_654, "print(1)\n", "")
    assert first.hashes != second.hashes
