"""Page speed: server time of the learner's pages on the embedded default, against /healthz.

    uv run python bench/pages.py [--runs 200]

Starts `pyroad serve` the README's way (SQLite, in-process queue), signs a learner up,
solves one exercise so the pages have progress to show, then requests each page ``runs``
times over keep-alive HTTP and prints p50/p95 per page. The baseline measured in the same
run is /healthz (no database, no template): the ratio says what a page costs on top of a
bare request. Target (issue 5): every page < 100 ms. Ends with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pyroad.config import PROJECT_ROOT
from tests.server import Server  # the repository root is on sys.path (above)

SOLUTION = PROJECT_ROOT / "curriculum/01-basics/exercises/parse-request-line/solution.py"
PAGES = {
    "roadmap": "/roadmap",
    "lesson": "/lessons/what-is-backend-development",
    "exercise": "/exercises/parse-request-line",
    "dashboard": "/dashboard",
    "healthz (baseline)": "/healthz",
}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory(prefix="pyroad-bench-pages-") as folder:
        server = Server(Path(folder) / "data").start()
        try:
            with httpx.Client(base_url=server.url, timeout=30) as client:
                email = {"email": "bench@example.com", "password": "bench-password"}
                client.post("/signup", data=email, follow_redirects=False)
                token = client.post("/api/v1/auth/login", json=email).json()["access_token"]
                api = {"Authorization": f"Bearer {token}"}
                url = client.post(
                    "/api/v1/exercises/parse-request-line/submissions",
                    json={"code": SOLUTION.read_text()},
                    headers=api,
                ).json()["url"]
                while client.get(url, headers=api).json()["status"] != "done":
                    time.sleep(0.05)
                figures: dict[str, dict[str, float]] = {}
                for name, path in PAGES.items():
                    assert client.get(path).status_code == 200, path  # warm caches, check access
                    times = []
                    for _ in range(runs):
                        started = time.perf_counter()
                        response = client.get(path)
                        times.append((time.perf_counter() - started) * 1000)
                        assert response.status_code == 200
                    figures[name] = {
                        "p50": statistics.median(times),
                        "p95": percentile(times, 0.95),
                    }
        finally:
            server.stop()
    baseline = figures["healthz (baseline)"]["p50"]
    for name, figure in figures.items():
        print(
            f"{name:<20} p50 {figure['p50']:6.1f} ms  p95 {figure['p95']:6.1f} ms  "
            f"({figure['p50'] / baseline:4.1f}x baseline)"
        )
    worst = max(f["p95"] for n, f in figures.items() if n != "healthz (baseline)")
    print(f"slowest page p95: {worst:.1f} ms (target < 100 ms)")
    print(
        json.dumps(
            {f"{n.split()[0]}_p50_ms": round(f["p50"], 2) for n, f in figures.items()}
            | {"worst_page_p95_ms": round(worst, 2)}
        )
    )


if __name__ == "__main__":
    main()
