"""Per-learner JSON reads served from memory while the learner's version is unchanged.

A learner's roadmap and exercise pages are read far more often than they change (a class
polls them between submissions). Each entry keeps the body, its ETag and, once a client
asked for it, its gzip encoding, under the learner's ``progress_version`` (see
``pyroad.learning.versions``): a read costs one primary-key query, not the grouped queries
and the serialisation. Bounded by total bytes (least recently used out first) and by age,
so nothing outlives ``MAX_AGE_S`` even if a write forgot to bump the version.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from fastapi import Request, Response

from pyroad.web.responses import CACHE_CONTROL, etag_of, matches_etag

MAX_BYTES = 64 << 20
MAX_AGE_S = 120.0
GZIP_MIN_BYTES = 2048  # as the app's GZip middleware


@dataclass
class Body:
    """One JSON body with its validator, and its gzip form once a client accepted it."""

    data: bytes
    etag: str
    gzipped: bytes | None = field(default=None)

    @classmethod
    def of(cls, data: bytes) -> Body:
        return cls(data, etag_of(data))

    def response(self, request: Request) -> Response:
        """200 with the body (gzip when accepted and worth it), or 304 for a current copy."""
        headers = {"ETag": self.etag, "Cache-Control": CACHE_CONTROL}
        if matches_etag(request.headers.get("if-none-match"), self.etag):
            return Response(status_code=304, headers=headers)
        if len(self.data) >= GZIP_MIN_BYTES and "gzip" in request.headers.get(
            "accept-encoding", ""
        ):
            if self.gzipped is None:
                self.gzipped = gzip.compress(self.data, compresslevel=6, mtime=0)
            headers["Content-Encoding"] = "gzip"
            headers["Vary"] = "Accept-Encoding"
            return Response(self.gzipped, 200, headers, media_type="application/json")
        return Response(self.data, 200, headers, media_type="application/json")


@dataclass
class _Entry:
    version: int
    scope: object  # the catalog it was built from: a published change makes a new one
    body: Body
    stored_at: float
    size: int  # the body and room for its gzip form


class ReadCache:
    """Thread-safe LRU of bodies keyed by (what, learner, …) and valid for one version."""

    def __init__(self, max_bytes: int = MAX_BYTES, max_age_s: float = MAX_AGE_S) -> None:
        self.max_bytes, self.max_age_s = max_bytes, max_age_s
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def body(self, key: Hashable, version: int, scope: object, build: Callable[[], bytes]) -> Body:
        """The body for ``key`` at ``version`` built from ``scope`` (compared by identity),
        built and kept when not held."""
        now = time.monotonic()
        with self._lock:
            entry = self._entries.get(key)
            if (
                entry is not None
                and entry.version == version
                and entry.scope is scope
                and now - entry.stored_at <= self.max_age_s
            ):
                self._entries.move_to_end(key)
                self.hits += 1
                return entry.body
            self.misses += 1
        body = Body.of(build())
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old.size
            fresh = _Entry(version, scope, body, now, len(body.data) * 3 // 2 + 200)
            if old is None or old.version <= version or old.scope is not scope:
                self._entries[key] = fresh
                self._bytes += fresh.size
            elif old is not None:  # a newer version was stored meanwhile: keep it
                self._entries[key] = old
                self._bytes += old.size
            while self._bytes > self.max_bytes and self._entries:
                _, evicted = self._entries.popitem(last=False)
                self._bytes -= evicted.size
        return body

    def held(self, key: Hashable, version: int, scope: object) -> Body | None:
        """The body if held for this version and scope, else None (nothing is built)."""
        with self._lock:
            entry = self._entries.get(key)
            if (
                entry is None
                or entry.version != version
                or entry.scope is not scope
                or time.monotonic() - entry.stored_at > self.max_age_s
            ):
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry.body

    def __len__(self) -> int:
        return len(self._entries)
