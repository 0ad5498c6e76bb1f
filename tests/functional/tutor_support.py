"""Shared by the tutor tests: what must never come back, read independently of the tutor.

The secrets are read here from the exercise's files (tests.toml, expected.json, solution.py)
as an attacker who got them would use them, not through ``pyroad.tutor.guard``: a test
that asked the guard what the guard hides could not fail when the guard is wrong.
"""

from __future__ import annotations

import ast
import contextlib
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from pyroad.curriculum.model import Exercise


def _public(exercise: Exercise) -> str:
    parts = [exercise.statement, exercise.starter, *exercise.hints, exercise.title]
    for probe in exercise.tests:
        parts += [probe.name, probe.message]
        if probe.visible:
            parts.append(probe.code)
            parts.append(json.dumps((exercise.pinned or {}).get(probe.name)))
    return " ".join(" ".join(parts).split())


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def secrets(exercise: Exercise) -> set[str]:
    """Hidden probes' calls and string inputs, hidden expected strings, reference lines —
    each only if a learner cannot read it anyway (and long enough to mean something)."""
    public = _public(exercise)
    found: set[str] = set()
    pools = exercise.pinned_pools or {}
    pinned = exercise.pinned or {}
    for probe in exercise.tests:
        if probe.visible:
            continue
        if not probe.randomised:
            found.add(probe.code.strip())
        for node in ast.walk(ast.parse(probe.code)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(repr(node.value))
        for text in _strings(pinned.get(probe.name)):
            if text not in ("str", "tuple", "none", "int", "list", "dict"):
                found.add(repr(text))
        for case in pools.get(probe.name, []):
            found.update(repr(text) for text in _strings(case["case"]))
            found.update(
                repr(text)
                for text in _strings(case["expected"])
                if text not in ("str", "tuple", "none", "int", "list", "dict")
            )
    for line in exercise.solution.splitlines():
        if len(line.strip()) >= 16 and not line.strip().startswith(("#", '"""')):
            found.add(line.strip())
    return {s for s in found if len(s) >= 5 and " ".join(s.split()) not in public}


def leaks(text: str, exercise: Exercise) -> list[str]:
    """The secrets of ``exercise`` that appear in ``text`` (JSON-decoded strings included)."""
    readable = [text]
    with contextlib.suppress(ValueError):
        readable += list(_strings(json.loads(text)))
    flat = [" ".join(t.split()) for t in readable]
    return sorted(s for s in secrets(exercise) if any(" ".join(s.split()) in t for t in flat))


@dataclass
class FakeModel:
    """An OpenAI-compatible chat endpoint on 127.0.0.1 whose behaviour the test sets."""

    reply: str = "ok"
    delay_s: float = 0.0
    status: int = 200
    raw: bytes | None = None  # sent as the body instead of a chat completion
    prompts: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def start(self) -> FakeModel:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                fake.prompts.append(body)
                fake.headers.append(dict(self.headers))
                if fake.delay_s:
                    time.sleep(fake.delay_s)
                payload = fake.raw
                if payload is None:
                    payload = json.dumps(
                        {
                            "id": "chatcmpl-fake",
                            "object": "chat.completion",
                            "model": body.get("model", ""),
                            "choices": [
                                {
                                    "index": 0,
                                    "message": {"role": "assistant", "content": fake.reply},
                                    "finish_reason": "stop",
                                }
                            ],
                        }
                    ).encode()
                try:
                    self.send_response(fake.status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the tutor gave up waiting (the time-out test)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
