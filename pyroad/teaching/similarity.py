"""Similarity between learners' solutions: winnowed fingerprints of normalised tokens (MOSS).

Why our own: the one maintained-looking package on PyPI (copydetect, last released in
March 2024) reads files from disk, pulls in NumPy and tqdm, and normalises with Pygments
without a way back to our line numbers for the side-by-side view; winnowing is short.

How: the code becomes a stream of tokens where every name the learner chose is ``N``, every
number ``0`` and every string ``S`` (keywords, builtins and operators stay), comments,
docstrings and blank lines dropped. Each run of ``K`` tokens is hashed, and in every window
of ``WINDOW`` consecutive hashes the smallest is kept (Schleimer, Wilkerson & Aiken 2003):
any match of ``K + WINDOW - 1`` tokens or more is guaranteed to share a fingerprint, and
matches shorter than ``K`` are noise by construction. Fingerprints of the starter code are
removed first (everybody shares those), and so are fingerprints that more than half the
solutions (in cohorts of ``COMMON_FROM`` or more) or more than ``MAX_HOLDERS`` solutions
share: the obvious way to write it is not a signal, and this also bounds the pairs counted
per fingerprint, so a 500-learner cohort's report stays quick.

The report flags pairs worth a look; it never says anyone copied: short exercises have few
ways to be solved, and two learners may have studied together, which is allowed.
"""

from __future__ import annotations

import builtins
import hashlib
import io
import keyword
import tokenize
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)

KGRAM = 5  # tokens per hashed run: shorter runs are noise ("x = 0" is everywhere)
WINDOW = 4  # any shared run of KGRAM + WINDOW - 1 = 8 tokens is always found
MAX_TOKENS = 20_000  # per solution: a 10,000-line file is compared on its first part only
MAX_PAIRS = 200  # pairs in a report, most similar first
MIN_SHARED = 3  # fewer shared fingerprints than this is not worth a mentor's time
FLAG_AT = 0.6  # share of a solution found in the other from which a pair is flagged
COMMON_FROM = 5  # solutions from which the fingerprints most share are ignored
COMMON_SHARE = 0.5  # ... namely those found in more than this share of the solutions
MAX_HOLDERS = 10  # and, as MOSS's -m, those found in more than this many solutions

_KEEP = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | frozenset(dir(builtins))
_SKIP = frozenset({tokenize.COMMENT, tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER})
_STRUCTURE = {tokenize.INDENT: "{", tokenize.DEDENT: "}", tokenize.NEWLINE: ";"}


@dataclass(frozen=True)
class Tokens:
    """Normalised tokens with the source line of each, and whether the input was cut short."""

    texts: list[str]
    lines: list[int]
    truncated: bool


def _normal(kind: int, text: str) -> str:
    if kind == tokenize.NAME:
        return text if text in _KEEP else "N"
    if kind == tokenize.NUMBER:
        return "0"
    if kind == tokenize.STRING:
        return "S"
    return _STRUCTURE.get(kind, text)


def normalised_tokens(code: str, max_tokens: int = MAX_TOKENS) -> Tokens:
    """Tokens as described in the module docstring; code that stops tokenising mid-way
    (unbalanced brackets, bad indentation) keeps the tokens read before the problem."""
    texts: list[str] = []
    lines: list[int] = []
    statement: list[tuple[str, int]] = []  # the logical line being read

    def flush() -> None:
        # A statement that is only a string (docstrings, strings used as comments) is dropped.
        if not all(text in ("S", ";") for text, _ in statement):
            for text, line in statement:
                texts.append(text)
                lines.append(line)
        statement.clear()

    try:
        for token in tokenize.generate_tokens(io.StringIO(code).readline):
            if token.type in _SKIP:
                continue
            statement.append((_normal(token.type, token.string), token.start[0]))
            if token.type in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT):
                flush()
            if len(texts) + len(statement) >= max_tokens:
                flush()
                return Tokens(texts[:max_tokens], lines[:max_tokens], truncated=True)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    flush()
    return Tokens(texts, lines, truncated=False)


def _hash(gram: Sequence[str]) -> int:
    # Stable across processes (str hashes are salted per process); 8 bytes is ample.
    return int.from_bytes(hashlib.blake2b(" ".join(gram).encode(), digest_size=8).digest())


def kgram_hashes(tokens: Tokens) -> list[int]:
    texts = tokens.texts
    return [_hash(texts[i : i + KGRAM]) for i in range(len(texts) - KGRAM + 1)]


def winnow(hashes: Sequence[int]) -> dict[int, list[int]]:
    """The fingerprints: hash → positions (k-gram index) where it was selected.

    In each window the rightmost smallest hash is selected, so a run of equal windows
    selects one position once (robust winnowing).
    """
    selected: dict[int, list[int]] = defaultdict(list)
    if not hashes:
        return selected
    if len(hashes) < WINDOW:
        position = min(range(len(hashes)), key=lambda i: (hashes[i], -i))
        selected[hashes[position]].append(position)
        return selected
    last = -1
    for start in range(len(hashes) - WINDOW + 1):
        window = range(start, start + WINDOW)
        position = min(window, key=lambda i: (hashes[i], -i))
        if position != last:
            selected[hashes[position]].append(position)
            last = position
    return selected


@dataclass
class Fingerprint(Generic[K]):
    """One solution's fingerprints, and where each came from (line ranges for the view)."""

    key: K
    tokens: Tokens
    hashes: dict[int, list[int]]

    def lines_of(self, fingerprint: int) -> list[tuple[int, int]]:
        """The first and last source line of each run of tokens this fingerprint stands for."""
        lines = self.tokens.lines
        return [
            (lines[p], lines[min(p + KGRAM - 1, len(lines) - 1)]) for p in self.hashes[fingerprint]
        ]


def fingerprint(key: K, code: str, starter: frozenset[int] = frozenset()) -> Fingerprint[K]:
    """Fingerprint a solution, leaving out every k-gram that also occurs in the starter code."""
    tokens = normalised_tokens(code)
    hashes = winnow(kgram_hashes(tokens))
    return Fingerprint(key, tokens, {h: p for h, p in hashes.items() if h not in starter})


@lru_cache(maxsize=256)
def starter_hashes(starter: str) -> frozenset[int]:
    """Every k-gram of the starter (not only the winnowed ones): none of it is the learner's."""
    return frozenset(kgram_hashes(normalised_tokens(starter)))


@dataclass(frozen=True)
class Pair(Generic[K]):
    """Two solutions and how much of each is found in the other (0..1)."""

    a: K
    b: K
    shared: int
    a_in_b: float
    b_in_a: float

    @property
    def score(self) -> float:
        return max(self.a_in_b, self.b_in_a)

    @property
    def flagged(self) -> bool:
        return self.score >= FLAG_AT


@dataclass
class Report(Generic[K]):
    pairs: list[Pair[K]]
    compared: int  # solutions compared
    truncated: list[K] = field(default_factory=list)  # solutions compared on their start only
    ignored_common: int = 0  # fingerprints left out because most solutions share them


def _common(prints: Sequence[Fingerprint[K]]) -> set[int]:
    limit: float = MAX_HOLDERS
    if len(prints) >= COMMON_FROM:
        limit = min(limit, COMMON_SHARE * len(prints))
    counts = Counter(h for fp in prints for h in fp.hashes)
    return {h for h, n in counts.items() if n > limit}


def report(solutions: Sequence[tuple[K, str]], starter: str = "") -> Report[K]:
    """Pairs of solutions sharing at least ``MIN_SHARED`` fingerprints, most similar first.

    Work is bounded: each solution contributes at most ``MAX_TOKENS`` tokens, and pairs are
    found through an index of fingerprints (only pairs that share one are ever looked at).
    """
    skip = starter_hashes(starter) if starter else frozenset()
    return report_of([fingerprint(key, code, skip) for key, code in solutions])


def report_of(prints: Sequence[Fingerprint[K]]) -> Report[K]:
    """``report`` for fingerprints already made (a caller may keep them: code never changes).

    A pair's shares are of each solution's own fingerprints (all but the starter's), common
    ones included: two solutions that are mostly what everyone wrote, plus a line or two in
    common, are not "the same code".
    """
    common = _common(prints)
    sets = [set(fp.hashes) - common for fp in prints]
    index: dict[int, list[int]] = defaultdict(list)
    for i, hashes in enumerate(sets):
        for h in hashes:
            index[h].append(i)
    shared: Counter[tuple[int, int]] = Counter()
    for holders in index.values():
        if len(holders) > 1:
            shared.update(combinations(holders, 2))
    pairs = [
        Pair(
            prints[i].key,
            prints[j].key,
            n,
            n / len(prints[i].hashes),
            n / len(prints[j].hashes),
        )
        for (i, j), n in shared.items()
        if n >= MIN_SHARED
    ]
    pairs.sort(key=lambda p: (-p.score, -p.shared))
    return Report(
        pairs=pairs[:MAX_PAIRS],
        compared=len(prints),
        truncated=[fp.key for fp in prints if fp.tokens.truncated],
        ignored_common=len(common),
    )


@dataclass(frozen=True)
class SideBySide:
    """Two solutions' matching lines (1-based, merged ranges) for the side-by-side view."""

    left: list[tuple[int, int]]
    right: list[tuple[int, int]]
    shared: int
    truncated: bool


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def _own_lines(
    code: str, ranges: list[tuple[int, int]], starter: set[str]
) -> list[tuple[int, int]]:
    """The ranges less the lines that are the starter's own (a run of tokens can begin on
    the starter's last line and go on into the learner's code)."""
    lines = code.splitlines()
    kept = [
        (n, n)
        for first, last in ranges
        for n in range(first, min(last, len(lines)) + 1)
        if lines[n - 1].strip() not in starter
    ]
    return _merge(kept)


def side_by_side(left: str, right: str, starter: str = "") -> SideBySide:
    """Which lines of each solution match the other (starter code never highlighted)."""
    skip = starter_hashes(starter) if starter else frozenset()
    a = fingerprint("left", left, skip)
    b = fingerprint("right", right, skip)
    common = set(a.hashes) & set(b.hashes)
    # Blank lines count as the starter's: a match is never shown as starting on one.
    starter_lines = {line.strip() for line in starter.splitlines()} | {""}
    return SideBySide(
        left=_own_lines(left, [r for h in common for r in a.lines_of(h)], starter_lines),
        right=_own_lines(right, [r for h in common for r in b.lines_of(h)], starter_lines),
        shared=len(common),
        truncated=a.tokens.truncated or b.tokens.truncated,
    )
