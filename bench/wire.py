"""The load benches' HTTP client: HTTP/1.1 on asyncio streams, one keep-alive connection per
learner, run on uvloop.

Why not httpx: measured in bench/floor.py's burst, httpx cost the client ~11 ms of CPU per
submission (a sign-up, the roadmap, an exercise read, the submit, the event stream), half a
core of a two-core machine taken from the servers it measures. This client does the same
requests for a fraction of that, so the servers get the CPU and the ratios measure them. It
speaks only what the benches need: requests with a JSON or empty body, responses framed by
Content-Length or chunked, and a server-sent event stream read line by line.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

T = TypeVar("T")

HEAD_LIMIT = 64 * 1024
# A connection idle longer than this is closed, not reused (as httpx does): the server closes
# idle ones after its own keep-alive timeout, and a request sent as it does would be lost.
KEEP_IDLE_S = 5.0


class WireError(Exception):
    """The connection failed or the server answered something that is not HTTP/1.1."""


# What a broken connection or a malformed reply raises on the way (a bad length or chunk size,
# text that is not UTF-8: ValueError); each becomes a WireError, the connection closed.
_BROKEN = (OSError, EOFError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError)


@dataclass(frozen=True)
class Reply:
    """A final response, its body read whole."""

    status: int
    headers: dict[str, str]  # names in lower case; a repeated header keeps its last value
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class Client:
    """Requests to one server on one keep-alive connection, reopened after any failure.
    ``headers`` are sent with every request (e.g. Authorization once signed in)."""

    def __init__(self, base_url: str, timeout: float = 120.0) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.timeout = timeout
        self.headers: dict[str, str] = {}
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        self._idle_since = 0.0

    async def request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        body = b"" if json_body is None else json.dumps(json_body).encode()
        if self._streams is not None and time.monotonic() - self._idle_since > KEEP_IDLE_S:
            await self.close()
        if self._streams is None:
            self._streams = await self._bounded(self._open())
        reader, writer = self._streams
        try:
            writer.write(self._head(method, path, body, headers) + body)
            reply = await self._bounded(_read_reply(reader, method))
        except _BROKEN as error:
            await self.close()
            raise WireError(f"{type(error).__name__}: {error}") from error
        except BaseException:
            await self.close()  # a timeout or a cancel leaves the connection mid-reply
            raise
        closing = reply.headers.get("connection", "").lower() == "close"
        if closing or not _framed(reply.headers, method, reply.status):
            await self.close()  # the body ran to the end of the connection
        self._idle_since = time.monotonic()
        return reply

    async def events(self, path: str) -> AsyncGenerator[tuple[int, str], None]:
        """GET a server-sent event stream on a connection of its own (the keep-alive one stays
        free), yielding (status, line) per line of the body; the stream closes on exit (use
        ``contextlib.aclosing`` to close it when leaving early). Each read waits at most
        ``timeout`` (heartbeats keep a quiet stream alive), not the stream as a whole."""
        reader, writer = await self._bounded(self._open())
        try:
            writer.write(self._head("GET", path, b"", {"Accept": "text/event-stream"}))
            status, headers = await self._bounded(_read_head(reader))
            if status != 200:
                yield status, ""
                return
            pending = b""
            chunks = _body_chunks(reader, headers)
            while True:
                try:
                    chunk = await self._bounded(anext(chunks))
                except StopAsyncIteration:
                    return
                pending += chunk
                *lines, pending = pending.split(b"\n")
                for line in lines:
                    yield status, line.rstrip(b"\r").decode()
        except _BROKEN as error:
            raise WireError(f"{type(error).__name__}: {error}") from error
        finally:
            writer.close()

    async def close(self) -> None:
        """Close the keep-alive connection (the next request opens a new one)."""
        if self._streams is not None:
            self._streams[1].close()
            self._streams = None

    async def _open(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        try:
            return await asyncio.open_connection(self.host, self.port, limit=HEAD_LIMIT)
        except OSError as error:
            raise WireError(f"connect: {error}") from error

    async def _bounded(self, step: Awaitable[T]) -> T:
        """``step``, or WireError when it takes longer than ``timeout``."""
        try:
            return await asyncio.wait_for(step, self.timeout)
        except TimeoutError as error:
            raise WireError(f"no answer in {self.timeout:.0f} s") from error

    def _head(self, method: str, path: str, body: bytes, headers: dict[str, str] | None) -> bytes:
        """The request line and headers (this client's, then the call's)."""
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        lines += [f"{name}: {value}" for name, value in {**self.headers, **(headers or {})}.items()]
        if body or method in {"POST", "PUT", "PATCH"}:
            lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


async def _read_head(reader: asyncio.StreamReader) -> tuple[int, dict[str, str]]:
    """A response's status and headers (names in lower case)."""
    raw = await reader.readuntil(b"\r\n\r\n")
    status_line, *header_lines = raw[:-4].decode("latin-1").split("\r\n")
    version, _, rest = status_line.partition(" ")
    if not version.startswith("HTTP/1.") or not rest[:3].isdigit():
        raise WireError(f"not an HTTP/1.x status line: {status_line[:80]!r}")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(rest[:3]), headers


async def _read_reply(reader: asyncio.StreamReader, method: str) -> Reply:
    """The final response: interim ones (1xx) are read past."""
    status, headers = await _read_head(reader)
    while 100 <= status < 200 and status != 101:
        status, headers = await _read_head(reader)
    if not _has_body(method, status):
        return Reply(status, headers, b"")
    body = b"".join([chunk async for chunk in _body_chunks(reader, headers)])
    return Reply(status, headers, body)


async def _body_chunks(
    reader: asyncio.StreamReader, headers: dict[str, str]
) -> AsyncIterator[bytes]:
    """The body as it arrives: Content-Length, chunked, or (neither) up to the end of the
    connection."""
    if "chunked" in headers.get("transfer-encoding", "").lower():
        while True:
            size_line = await reader.readuntil(b"\r\n")
            size = int(size_line.split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while await reader.readuntil(b"\r\n") != b"\r\n":
                    pass  # trailer fields, up to the empty line that ends them
                return
            yield (await reader.readexactly(size + 2))[:-2]
    elif "content-length" in headers:
        length = int(headers["content-length"])
        if length:
            yield await reader.readexactly(length)
    else:
        yield await reader.read()


def _has_body(method: str, status: int) -> bool:
    return method != "HEAD" and status not in {204, 304} and not 100 <= status < 200


def _framed(headers: dict[str, str], method: str, status: int) -> bool:
    """Whether the reply's end was known without the connection ending (keep-alive holds)."""
    if not _has_body(method, status):
        return True
    return "chunked" in headers.get("transfer-encoding", "").lower() or "content-length" in headers


def run(main: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Run ``main`` on uvloop (what the servers use too), or asyncio's loop without it."""
    try:
        import uvloop
    except ImportError:
        asyncio.run(main())
        return
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        runner.run(main())
