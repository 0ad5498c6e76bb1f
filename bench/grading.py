"""Grading speed: the warm sandbox against pytest in a fresh subprocess, on this machine.

    uv run python bench/grading.py [--runs 300] [--seconds 5]

Prints sandbox p50/p95 for one grading of a small exercise (a function and 8 tests, in
steady state: the reference's expectations are already cached), submit → verdict p50/p95
through the HTTP API of a real `pyroad serve` (embedded default), sustained gradings per
second with the default number of workers, the speed-up over `python -m pytest` on the
same tests in a fresh subprocess (measured in the same run), the memory the warm pool
holds, and what randomised probes cost (a shipped exercise graded with and without its
sampled pool cases). Ends with one JSON line. Figures are medians of noisy, shared machines: rerun.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

from pyroad.config import PROJECT_ROOT, Settings
from pyroad.curriculum.loader import load_catalog
from pyroad.curriculum.model import Difficulty, Exercise, ExerciseKind, ExerciseLimits, Probe
from pyroad.grading.forkserver import ForkServerSandbox
from pyroad.grading.grader import Grader, Verdict

SOLUTION = textwrap.dedent(
    '''
    def classify(status):
        """The class of an HTTP status code."""
        if not isinstance(status, int) or not 100 <= status <= 599:
            raise ValueError(f"not an HTTP status: {status!r}")
        return ["informational", "success", "redirect", "client error", "server error"][
            status // 100 - 1
        ]
    '''
)
POLL_S = 0.005  # the API has no push channel yet: poll, gently (polls compete for the 2 cores)
CASES = [(100, "informational"), (200, "success"), (204, "success"), (301, "redirect"),
         (404, "client error"), (418, "client error"), (503, "server error")]  # fmt: skip


def exercise() -> Exercise:
    probes = [
        Probe(f"status {s}", f"solution.classify({s})", "", n) for n, (s, _) in enumerate(CASES)
    ]
    probes.append(Probe("rejects 42", "solution.classify(42)", "", len(CASES)))
    return Exercise(
        slug="bench-classify", step=1, title="bench", order=1, difficulty=Difficulty.EASY,
        minutes=1, concepts=(), hints=(), kind=ExerciseKind.MODULE, statement="", starter="",
        solution=SOLUTION, setup="", setup_repo="", tests=tuple(probes), wrong_solutions=(),
        limits=ExerciseLimits(), lessons=(), project=False, path=Path("/nonexistent"),
    )  # fmt: skip


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure_sandbox(grader: Grader, runs: int) -> list[float]:
    target = exercise()
    grader.grade(target, SOLUTION)  # expectations cached, slots warm
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        report = grader.grade(target, SOLUTION)
        timings.append((time.perf_counter() - started) * 1000)
        assert report.verdict is Verdict.PASSED, report.summary
    return timings


def measure_randomised(grader: Grader, runs: int) -> tuple[str, int, float, float] | None:
    """A shipped exercise graded with and without its randomised probes' sampled cases.

    Pools are pinned (expected.json), so a randomised probe costs no reference run: only
    its ``sample`` extra cases in the learner's own run. Returns (slug, extra cases,
    p50 with them, p50 without them) in ms.
    """
    catalog, _ = load_catalog(PROJECT_ROOT / "curriculum")
    target = next((e for e in catalog.exercises if e.slug == "parse-port" and e.pinned_pools), None)
    if target is None:
        print("randomised probes: not measured (parse-port has no pinned pool)")
        return None
    fixed_only = [case for case in grader.plan(target) if not case.probe.randomised]
    extra = len(grader.plan(target)) - len(fixed_only)
    grader.grade(target, target.solution)  # warm
    with_pool, without = [], []
    for seed in range(runs):
        started = time.perf_counter()
        report = grader.grade(target, target.solution, seed=seed)
        with_pool.append((time.perf_counter() - started) * 1000)
        assert report.verdict is Verdict.PASSED, report.summary
        started = time.perf_counter()
        grader.grade(target, target.solution, cases=fixed_only)
        without.append((time.perf_counter() - started) * 1000)
    return target.slug, extra, statistics.median(with_pool), statistics.median(without)


def measure_throughput(grader: Grader, workers: int, seconds: float) -> float:
    target = exercise()
    done = [0] * workers
    stop = time.perf_counter() + seconds

    def work(index: int) -> None:
        while time.perf_counter() < stop:
            grader.grade(target, SOLUTION)
            done[index] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=work, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.perf_counter() - started)


def measure_pytest(runs: int) -> list[float]:
    """The usual runner: the same 8 tests as a pytest file, a fresh interpreter each time."""
    tests = "import pytest\nfrom solution import classify\n\n"
    for status, expected in CASES:
        tests += f"def test_status_{status}():\n    assert classify({status}) == {expected!r}\n\n"
    tests += "def test_rejects_42():\n    with pytest.raises(ValueError):\n        classify(42)\n"
    # Without third-party plugins (this venv has several heavy ones): the kindest baseline.
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
    }
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "solution.py").write_text(SOLUTION)
        Path(folder, "test_solution.py").write_text(tests)
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", folder]
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run(command, cwd=folder, env=env, check=True, capture_output=True)
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def measure_api(runs: int) -> list[float] | None:
    """Submit → verdict through a real `pyroad serve` (embedded workers); None if unavailable."""
    try:
        import httpx

        from pyroad.curriculum.loader import load_catalog
        from tests.server import Server
    except ImportError as error:
        print(f"api: not available ({error})")
        return None
    catalog, _ = load_catalog(Settings().curriculum_dir)
    target = next(
        (e for e in catalog.exercises if e.kind is ExerciseKind.MODULE and e.step == 1), None
    )
    if target is None:
        print("api: not available (no step-1 module exercise in the curriculum)")
        return None
    with tempfile.TemporaryDirectory() as folder:
        # Sequential submissions as fast as grading allows: far above a learner's rate limit.
        server = Server(Path(folder) / "data", PYROAD_SUBMISSIONS_PER_MINUTE="1000000")
        try:
            server.start()
        except (RuntimeError, OSError) as error:
            print(f"api: not available ({str(error)[:300]})")
            return None
        try:
            with httpx.Client(base_url=server.url, timeout=30) as client:
                account = {"email": "bench@example.com", "password": "correct horse battery"}
                token = client.post("/api/v1/accounts", json=account).json()["access_token"]
                headers = {"Authorization": f"Bearer {token}"}
                path = f"/api/v1/exercises/{target.slug}/submissions"

                def once() -> float:
                    started = time.perf_counter()
                    response = client.post(path, json={"code": target.solution}, headers=headers)
                    response.raise_for_status()
                    url = f"/api/v1/submissions/{response.json()['id']}"
                    while client.get(url, headers=headers).json()["status"] != "done":
                        time.sleep(POLL_S)
                    return (time.perf_counter() - started) * 1000

                for _ in range(3):  # the first submission computes the expectations
                    once()
                return [once() for _ in range(runs)]
        except (httpx.HTTPError, KeyError, ValueError) as error:
            print(f"api: not available ({error})")
            return None
        finally:
            server.stop()


def measure_cgroups(runs: int) -> tuple[float, float] | None:
    """Per-run cgroup cost, in ms: (per-slot cgroup reused: limit check, emptiness, OOM
    count, peak read and reset; a fresh cgroup per run: mkdir, limits, moving a process in,
    kill check and rmdir)."""
    from pyroad.grading.cgroups import CgroupLimits, Cgroups, CgroupUnavailable

    try:
        groups = Cgroups()
    except CgroupUnavailable as error:
        print(f"cgroups: not available ({error})")
        return None
    limits = CgroupLimits(256 << 20, 32)
    try:
        reused = groups.slot(0)
        reused.create()
        reused.apply(limits)
        started = time.perf_counter()
        for _ in range(runs):  # what the hot path does per run on a reused cgroup
            reused.apply(limits)
            reused.tasks()
            reused.oom_kills()
            reused.peak_bytes()
            reused.reset_peak()
        per_slot = (time.perf_counter() - started) * 1000 / runs
        sleeper = subprocess.Popen(["sleep", "60"])  # noqa: S607
        try:
            started = time.perf_counter()
            for index in range(runs):
                fresh = groups.slot(1 + index)
                fresh.create()
                fresh.apply(limits)
                for fd in fresh.procs_fds():
                    os.write(fd, str(sleeper.pid).encode())
                    os.close(fd)
                for fd in reused.procs_fds():  # move it out again so the group can go
                    os.write(fd, str(sleeper.pid).encode())
                    os.close(fd)
                fresh.tasks()
                fresh.remove()
            per_run = (time.perf_counter() - started) * 1000 / runs
        finally:
            sleeper.kill()
            sleeper.wait()
    finally:
        groups.close()
    return per_slot, per_run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300, help="sequential gradings to time")
    parser.add_argument("--seconds", type=float, default=5.0, help="throughput window")
    parser.add_argument("--pytest-runs", type=int, default=15)
    parser.add_argument("--api-runs", type=int, default=100)
    args = parser.parse_args()
    sys.path.insert(0, str(PROJECT_ROOT))
    workers = Settings().workers

    started = time.perf_counter()
    sandbox = ForkServerSandbox(slots=workers)
    print(f"pool: {workers} warm slots up in {(time.perf_counter() - started) * 1000:.0f} ms")
    grader = Grader(sandbox)
    try:
        timings = measure_sandbox(grader, args.runs)
        pool_rss = sandbox.pool_rss_mb()
        per_s = measure_throughput(grader, workers, args.seconds)
        randomised = measure_randomised(grader, 100)
    finally:
        sandbox.close()
    pytest_ms = measure_pytest(args.pytest_runs)
    api = measure_api(args.api_runs)
    cgroup_costs = measure_cgroups(100)
    if cgroup_costs is not None:
        print(
            f"cgroup cost per run: {cgroup_costs[0]:.3f} ms reusing the slot's cgroup "
            f"(used), {cgroup_costs[1]:.2f} ms creating and removing one per run"
        )

    p50, p95 = percentile(timings, 0.5), percentile(timings, 0.95)
    pytest_p50 = statistics.median(pytest_ms)
    speedup = pytest_p50 / p50
    print(f"sandbox: one grading (8 tests) p50 {p50:.1f} ms, p95 {p95:.1f} ms ({args.runs} runs)")
    if api is not None:
        api_p50, api_p95 = percentile(api, 0.5), percentile(api, 0.95)
        print(f"api: submit → verdict p50 {api_p50:.1f} ms, p95 {api_p95:.1f} ms")
    print(f"throughput: {per_s:.0f} gradings/s with {workers} workers")
    print(f"pytest in a fresh subprocess: p50 {pytest_p50:.0f} ms → speed-up {speedup:.1f}x")
    print(f"pool memory: {pool_rss:.1f} MB RSS ({workers} slots: bubblewrap + zygote each)")
    if randomised is not None:
        slug, extra, with_pool, without = randomised
        print(
            f"randomised probes ({slug}): {extra} sampled cases per submission, no reference "
            f"run (pools are pinned): p50 {with_pool:.1f} ms with them, {without:.1f} ms "
            f"without ({with_pool / without:.2f}x)"
        )
    result = {
        "sandbox_p50_ms": round(p50, 2),
        "sandbox_p95_ms": round(p95, 2),
        "api_p50_ms": round(percentile(api, 0.5), 2) if api else None,
        "api_p95_ms": round(percentile(api, 0.95), 2) if api else None,
        "per_s": round(per_s, 1),
        "speedup_vs_pytest": round(speedup, 1),
        "pool_rss_mb": round(pool_rss, 1),
        "randomised_cost_ratio": round(randomised[2] / randomised[3], 2) if randomised else None,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
