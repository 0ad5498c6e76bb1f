"""Authenticated reads against a bare FastAPI handler, measured with wrk in the same run.

Starts what it measures, on loopback only: a one-route FastAPI app served by uvicorn with
the options `pyroad serve` uses, and `pyroad serve` itself (fresh data directory, no
grading workers: this measures the web tier). Signs a learner up, then runs wrk for a few
seconds on each URL and prints requests per second, then one JSON line with the ratio
`reads_ratio` = the slower authenticated read ÷ the bare handler.

    .venv/bin/python bench/reads.py [--workers N] [--seconds S] [--connections C]

Needs Debian's `wrk` (apt-get install wrk). Bounded: every server is stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

BARE_APP = """
import uvicorn
from fastapi import FastAPI
from pyroad.cli.server import uvicorn_options

app = FastAPI()

@app.get("/bare")
def bare() -> dict[str, str]:
    return {"status": "ok"}

uvicorn.run(app, host="127.0.0.1", port={port}, **uvicorn_options())
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, timeout_s: float = 180.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as reply:  # noqa: S310  # loopback
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server at {url} did not answer within {timeout_s:.0f} s")


@contextmanager
def started(command: list[str], env: dict[str, str], log: Path) -> Iterator[None]:
    with log.open("wb") as out:
        process = subprocess.Popen(  # our own interpreter and arguments
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            yield
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def post_json(url: str, body: dict[str, str]) -> dict[str, object]:
    request = urllib.request.Request(  # noqa: S310  # loopback
        url, data=json.dumps(body).encode(), headers={"content-type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as reply:  # noqa: S310
        found: dict[str, object] = json.load(reply)
        return found


def wrk(url: str, seconds: int, connections: int, token: str | None = None) -> float:
    """Requests per second wrk sustains on ``url`` (non-2xx answers make it fail loudly)."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if token:
        command[1:1] = ["-H", f"Authorization: Bearer {token}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in out:
        raise SystemExit(f"wrk saw errors on {url}:\n{out}")
    found = re.search(r"Requests/sec:\s+([\d.]+)", out)
    assert found, out
    return float(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=1, help="web processes for pyroad serve")
    parser.add_argument("--seconds", type=int, default=5, help="wrk duration per URL")
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("needs wrk: apt-get install wrk")
    with tempfile.TemporaryDirectory(prefix="pyroad-reads-") as tmp:
        env = {
            **os.environ,
            "PYROAD_DATA_DIR": tmp,
            "PYROAD_ARGON2_FAST": "true",
            "PYROAD_EMBEDDED_WORKER": "false",
            "PYROAD_DATABASE_URL": "",
            "PYROAD_BROKER": "memory",
        }
        bare_port, port = free_port(), free_port()
        bare = [PYTHON, "-c", BARE_APP.replace("{port}", str(bare_port))]
        serve = [str(Path(PYTHON).parent / "pyroad"), "serve", "--port", str(port)]
        if args.workers > 1:
            serve += ["--workers", str(args.workers)]
        with (
            started(bare, env, Path(tmp) / "bare.log"),
            started(serve, env, Path(tmp) / "serve.log"),
        ):
            base = f"http://127.0.0.1:{port}"
            wait_for(f"http://127.0.0.1:{bare_port}/bare")
            wait_for(f"{base}/healthz")
            signed = post_json(
                f"{base}/api/v1/accounts",
                {"email": "bench@example.org", "password": "bench-password", "display_name": "B"},
            )
            token = str(signed["access_token"])
            with urllib.request.urlopen(f"{base}/api/v1/roadmap", timeout=30) as reply:  # noqa: S310
                slug = json.load(reply)["steps"][0]["exercises"][0]["slug"]
            for url in (f"{base}/api/v1/roadmap", f"{base}/api/v1/exercises/{slug}"):
                wrk(url, 1, 4, token)  # warm up: imports, caches, connections
            figures = {
                "bare": wrk(f"http://127.0.0.1:{bare_port}/bare", args.seconds, args.connections),
                "healthz": wrk(f"{base}/healthz", args.seconds, args.connections),
                "roadmap": wrk(f"{base}/api/v1/roadmap", args.seconds, args.connections, token),
                "exercise": wrk(
                    f"{base}/api/v1/exercises/{slug}", args.seconds, args.connections, token
                ),
            }
    for name, rate in figures.items():
        print(f"{name:>9}: {rate:8.0f} req/s  ({rate / figures['bare']:.2f} × bare)")
    ratio = min(figures["roadmap"], figures["exercise"]) / figures["bare"]
    print(
        json.dumps(
            {"workers": args.workers, **{k: round(v) for k, v in figures.items()}}
            | {"reads_ratio": round(ratio, 3)}
        )
    )


if __name__ == "__main__":
    main()
