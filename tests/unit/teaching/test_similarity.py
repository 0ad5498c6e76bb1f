"""Winnowing over normalised tokens: renamed copies found, starter code and noise ignored,
long files bounded."""

from __future__ import annotations

from pyroad.teaching import similarity
from pyroad.teaching.similarity import (
    KGRAM,
    MAX_TOKENS,
    WINDOW,
    normalised_tokens,
    report,
    side_by_side,
    winnow,
)

STARTER = """subtotal = input()
coupon = input()

# Work out the discount, the shipping and the total, then print the four lines.
print(f"Subtotal: {subtotal}")
"""

ORIGINAL = (
    STARTER
    + """
discount = 0
if coupon.strip().upper() == "SAVE10":
    discount = (int(subtotal) + 5) // 10
shipping = 0 if int(subtotal) - discount >= 5000 else 499
total = int(subtotal) - discount + shipping
for label, value in (("Discount", discount), ("Shipping", shipping), ("Total", total)):
    print(f"{label}: {value / 100:.2f}")
"""
)

# The same program with every name changed, other numbers and a comment: still a copy.
DISGUISED = (
    STARTER
    + """
# my own solution
off = 0
if coupon.strip().upper() == "CODE":
    off = (int(subtotal) + 7) // 3
ship = 0 if int(subtotal) - off >= 100 else 5
grand = int(subtotal) - off + ship
for name, amount in (("Discount", off), ("Shipping", ship), ("Total", grand)):
    print(f"{name}: {amount / 1:.2f}")
"""
)

INDEPENDENT = (
    STARTER
    + """
cents = round(float(subtotal) * 100)
code = coupon.strip().upper()
discount = cents // 10 if code == "SAVE10" else 0
rest = cents - discount
print("Discount:", discount)
print("Shipping:", 0 if rest >= 5000 else 499)
while False:
    pass
print("Total:", rest + (0 if rest >= 5000 else 499))
"""
)


def test_tokens_normalise_names_numbers_strings_and_drop_comments_and_docstrings() -> None:
    tokens = normalised_tokens('"""Doc."""\ntotal = 42  # note\nprint(total, "x")\n')
    assert tokens.texts == ["N", "=", "0", ";", "print", "(", "N", ",", "S", ")", ";"]
    assert tokens.lines == [2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3]


def test_code_that_stops_tokenising_keeps_what_was_read() -> None:
    tokens = normalised_tokens("x = 1\ny = (2,\n")
    assert tokens.texts[:4] == ["N", "=", "0", ";"]
    assert not tokens.truncated


def test_winnowing_keeps_one_fingerprint_per_window_and_guarantees_long_matches() -> None:
    hashes = [5, 3, 8, 1, 9, 2, 7, 4, 6]
    selected = winnow(hashes)
    positions = sorted(p for ps in selected.values() for p in ps)
    for start in range(len(hashes) - WINDOW + 1):  # every window has a selected position
        assert any(start <= p < start + WINDOW for p in positions)
    assert winnow([]) == {}
    assert list(winnow([4, 2])) == [2]


def test_a_renamed_copy_is_flagged_and_an_independent_solution_is_not() -> None:
    found = report([("a", ORIGINAL), ("b", DISGUISED), ("c", INDEPENDENT)], starter=STARTER)
    assert found.compared == 3
    top = found.pairs[0]
    assert {top.a, top.b} == {"a", "b"}
    assert top.flagged and top.score >= 0.9
    independent = [p for p in found.pairs if "c" in (p.a, p.b)]
    assert all(not p.flagged for p in independent)


def test_starter_code_is_ignored() -> None:
    """Two learners who only submitted the starter share nothing of their own."""
    found = report([("a", STARTER), ("b", STARTER + "\n")], starter=STARTER)
    assert found.pairs == []
    without = report([("a", STARTER), ("b", STARTER + "\n")])
    assert without.pairs and without.pairs[0].score == 1.0


def test_what_most_of_a_large_cohort_wrote_is_not_a_signal() -> None:
    common = [(f"l{i}", ORIGINAL) for i in range(6)]
    found = report(common, starter=STARTER)
    assert found.ignored_common > 0
    assert found.pairs == []


def test_side_by_side_marks_the_matching_lines_not_the_starter() -> None:
    view = side_by_side(ORIGINAL, DISGUISED, starter=STARTER)
    assert view.shared > 0
    starter_lines = STARTER.count("\n")
    left = {n for first, last in view.left for n in range(first, last + 1)}
    right = {n for first, last in view.right for n in range(first, last + 1)}
    assert left & set(range(starter_lines + 2, ORIGINAL.count("\n") + 1))
    assert right & set(range(starter_lines + 3, DISGUISED.count("\n") + 1))
    assert not left & {1, 2, 5}  # the starter's own lines


def test_ten_thousand_line_submissions_are_compared_within_a_bound() -> None:
    """A 10,000-line file is compared on its first MAX_TOKENS tokens; the report says so."""
    lines = [f"value_{i} = compute(value_{i - 1}, {i}) * {i % 7}" for i in range(1, 10_001)]
    huge = "\n".join(lines) + "\n"
    assert huge.count("\n") == 10_000
    tokens = normalised_tokens(huge)
    assert tokens.truncated and len(tokens.texts) == MAX_TOKENS
    found = report([("a", huge), ("b", huge), ("c", ORIGINAL)])
    assert set(found.truncated) == {"a", "b"}
    assert {found.pairs[0].a, found.pairs[0].b} == {"a", "b"}
    view = side_by_side(huge, huge)
    assert view.truncated
    assert max(last for _, last in view.left) < 10_000  # only the compared start is marked


def test_fingerprints_are_stable_across_processes() -> None:
    """blake2b, not Python's salted hash(): the same code always has the same fingerprints."""
    hashes = similarity.kgram_hashes(normalised_tokens("a = b + c * d - e\n"))
    assert hashes[0] == similarity._hash(["N", "=", "N", "+", "N"])
    assert len(hashes) == len(normalised_tokens("a = b + c * d - e\n").texts) - KGRAM + 1


def test_code_most_of_a_class_shares_is_skipped_so_a_large_cohort_stays_bounded() -> None:
    """As MOSS's -m: a fingerprint in more than MAX_HOLDERS solutions is nobody's signal (and
    would cost a pair count per two holders); a pair sharing rarer code is still found."""
    crowd = [(f"c{i}", ORIGINAL) for i in range(similarity.MAX_HOLDERS + 2)]
    others = [(f"o{i}", f"print({i})\n") for i in range(20)]
    found = report([*crowd, *others, ("x", INDEPENDENT), ("y", INDEPENDENT)], starter=STARTER)
    assert [{p.a, p.b} for p in found.pairs] == [{"x", "y"}]
    assert found.ignored_common > 0
