"""The per-learner read cache: one build per version and catalog, bounded by bytes and age."""

from __future__ import annotations

from pyroad.web.read_cache import ReadCache


def test_a_body_is_built_once_per_version_and_scope() -> None:
    cache, builds = ReadCache(), []

    def build(text: str) -> bytes:
        builds.append(text)
        return text.encode()

    scope, other_scope = object(), object()
    assert cache.body("k", 1, scope, lambda: build("a")).data == b"a"
    assert cache.body("k", 1, scope, lambda: build("b")).data == b"a"  # held
    assert cache.body("k", 2, scope, lambda: build("c")).data == b"c"  # a new version
    assert cache.body("k", 2, other_scope, lambda: build("d")).data == b"d"  # a new catalog
    assert builds == ["a", "c", "d"]
    assert (cache.hits, cache.misses) == (1, 3)


def test_an_older_version_built_late_does_not_replace_a_newer_one() -> None:
    cache, scope = ReadCache(), object()
    cache.body("k", 5, scope, lambda: b"new")
    assert cache.body("k", 4, scope, lambda: b"old").data == b"old"  # served to its reader
    assert cache.body("k", 5, scope, lambda: b"rebuilt").data == b"new"  # still held


def test_bounded_by_bytes_least_recently_used_out_first() -> None:
    cache, scope = ReadCache(max_bytes=10_000), object()
    for key in range(20):
        cache.body(key, 1, scope, lambda: b"x" * 1000)
    assert len(cache) <= 6  # 1,000 bytes count as 1,700 with room for gzip
    rebuilt: list[int] = []
    cache.body(19, 1, scope, lambda: rebuilt.append(1) or b"y")
    cache.body(0, 1, scope, lambda: rebuilt.append(0) or b"y")
    assert rebuilt == [0]  # the newest entry stayed, the oldest was evicted


def test_entries_expire_after_max_age() -> None:
    cache, scope = ReadCache(max_age_s=0.0), object()
    cache.body("k", 1, scope, lambda: b"a")
    assert cache.body("k", 1, scope, lambda: b"b").data == b"b"
