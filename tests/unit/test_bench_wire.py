"""bench/wire.py, the load benches' lean HTTP/1.1 client: the framings a server uses (length,
chunked, none, 304), keep-alive across requests, a reconnect after the server closes, and a
server-sent event stream read line by line. A bench that misreads a reply counts a wrong
figure, so its client is pinned down like the product."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from bench import wire
from tests.conftest import on_a_thread_of_its_own

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


async def _head(reader: asyncio.StreamReader) -> tuple[str, dict[str, str], bytes]:
    raw = await reader.readuntil(b"\r\n\r\n")
    request_line, *lines = raw[:-4].decode().split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
    body = await reader.readexactly(int(headers.get("content-length", "0")))
    return request_line, headers, body


def _serve(handler: Handler, check: Callable[[str], Awaitable[None]]) -> None:
    async def main() -> None:
        server = await asyncio.start_server(handler, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        async with server:
            await check(f"http://127.0.0.1:{port}")

    on_a_thread_of_its_own(lambda: wire.run(main))


def test_keep_alive_framings_and_headers() -> None:
    connections: list[int] = []
    seen: list[tuple[str, dict[str, str], bytes]] = []

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(1)
        replies = [
            b'HTTP/1.1 201 Created\r\nContent-Length: 11\r\nETag: W/"7"\r\n\r\n{"id": 42}\n',
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"4\r\n[1, \r\n3\r\n2]\n\r\n0\r\n\r\n",
            b'HTTP/1.1 304 Not Modified\r\nETag: W/"7"\r\n\r\n',
            b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: 3\r\nContent-Length: 2\r\n\r\n{}",
        ]
        for reply in replies:
            seen.append(await _head(reader))
            writer.write(reply)
        writer.close()

    async def check(base: str) -> None:
        client = wire.Client(base, timeout=5)
        client.headers["Authorization"] = "Bearer t"
        created = await client.request("POST", "/a", json_body={"code": "x = 1"})
        assert (created.status, created.json(), created.headers["etag"]) == (
            201,
            {"id": 42},
            'W/"7"',
        )
        chunked = await client.request("GET", "/b")
        assert chunked.json() == [1, 2]
        unchanged = await client.request("GET", "/c", headers={"If-None-Match": 'W/"7"'})
        assert (unchanged.status, unchanged.body) == (304, b"")
        limited = await client.request("GET", "/d")
        assert (limited.status, limited.headers["retry-after"]) == (429, "3")
        await client.close()

    _serve(handler, check)
    assert len(connections) == 1  # four requests, one connection
    assert seen[0][0] == "POST /a HTTP/1.1"
    assert seen[0][1]["content-type"] == "application/json"
    assert seen[0][2] == b'{"code": "x = 1"}'
    assert all(headers["authorization"] == "Bearer t" for _, headers, _ in seen)
    assert seen[2][1]["if-none-match"] == 'W/"7"'


def test_interim_replies_trailers_and_a_malformed_length() -> None:
    """A 100 Continue is read past; trailer fields after a chunked body are consumed (the
    next reply on the connection reads right); a length that is not a number is a
    WireError, not a crash of the bench."""

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _head(reader)
        writer.write(
            b"HTTP/1.1 100 Continue\r\n\r\n"
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"2\r\nok\r\n0\r\nX-Checksum: 1\r\nX-Other: 2\r\n\r\n"
        )
        await _head(reader)
        writer.write(b"HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n")
        await _head(reader)
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: lots\r\n\r\n")
        await reader.read()
        writer.close()

    async def check(base: str) -> None:
        client = wire.Client(base, timeout=5)
        first = await client.request("GET", "/")
        assert (first.status, first.body) == (200, b"ok")
        assert (await client.request("GET", "/")).status == 201
        with pytest.raises(wire.WireError, match="ValueError"):
            await client.request("GET", "/")

    _serve(handler, check)


def test_a_closed_connection_is_an_error_then_reopened() -> None:
    connections: list[int] = []

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(1)
        await _head(reader)
        if len(connections) == 1:
            writer.close()  # gone mid-request: no reply at all
            return
        writer.write(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nbye")
        writer.close()

    async def check(base: str) -> None:
        client = wire.Client(base, timeout=5)
        with pytest.raises(wire.WireError):
            await client.request("GET", "/")
        reply = await client.request("GET", "/")  # a new connection; body up to its end
        assert (reply.status, reply.body) == (200, b"bye")

    _serve(handler, check)
    assert len(connections) == 2


def test_an_idle_connection_is_not_reused(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past KEEP_IDLE_S the next request opens a new connection: the server may be closing
    the old one (its keep-alive timeout) just as the request goes out."""
    connections: list[int] = []

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(1)
        while True:
            try:
                await _head(reader)
            except asyncio.IncompleteReadError:
                writer.close()
                return
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")

    async def check(base: str) -> None:
        client = wire.Client(base, timeout=5)
        await client.request("GET", "/")
        await client.request("GET", "/")  # reused
        monkeypatch.setattr(wire, "KEEP_IDLE_S", 0.0)
        await asyncio.sleep(0.01)
        await client.request("GET", "/")  # idle too long: a new connection
        await client.close()

    _serve(handler, check)
    assert len(connections) == 2


def test_no_answer_in_time_is_an_error() -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _head(reader)
        await reader.read()  # never answers; returns when the client gives up and closes
        writer.close()

    async def check(base: str) -> None:
        with pytest.raises(wire.WireError, match="no answer"):
            await wire.Client(base, timeout=0.2).request("GET", "/")

    _serve(handler, check)


def test_event_stream_lines_across_chunks() -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request_line, headers, _ = await _head(reader)
        assert request_line == "GET /events HTTP/1.1"
        assert headers["accept"] == "text/event-stream"
        writer.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        for part in (b": ping\n\nevent: ver", b'dict\ndata: {"verdict": "passed"}\n\n'):
            writer.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
            await writer.drain()
            await asyncio.sleep(0.01)
        writer.write(b"0\r\n\r\n")
        writer.close()

    async def check(base: str) -> None:
        lines = [line async for status, line in wire.Client(base, timeout=5).events("/events")]
        assert lines == [": ping", "", "event: verdict", 'data: {"verdict": "passed"}', ""]

    _serve(handler, check)


def test_event_stream_refused_yields_the_status() -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _head(reader)
        writer.write(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n")
        writer.close()

    async def check(base: str) -> None:
        got = [item async for item in wire.Client(base, timeout=5).events("/events")]
        assert got == [(503, "")]

    _serve(handler, check)
