"""Page speed: server time of the learner's pages on the embedded default, against /healthz,
and of the teacher dashboard of a seeded class.

    uv run python bench/pages.py [--runs 200] [--learners 500]

Starts `pyroad serve` the README's way (SQLite, in-process queue), signs a learner up,
solves one exercise so the pages have progress to show, then requests each page ``runs``
times over keep-alive HTTP and prints p50/p95 per page. The baseline measured in the same
run is /healthz (no database, no template): the ratio says what a page costs on top of a
bare request. Target (issue 5): every page < 100 ms.

Then (issue 13) it writes a class into the same database: ``learners`` learners six weeks
into the course over every exercise of the catalog (~150 graded submissions each, with real
code and per-test results; see ``seed_cohort``), 200 more learners outside the class, and
steps 1-3 plus two exercises assigned with due dates; logs in as the class's teacher and
measures the teacher dashboard page (its first page of learners, the stuck list and the
summary over the whole class), a learner's drill-down and the gradebook CSV. Target: the
dashboard < 100 ms p95. Ends with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, insert

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pyroad.accounts.models import Role, User
from pyroad.accounts.passwords import hash_password
from pyroad.config import PROJECT_ROOT
from pyroad.curriculum.loader import load_catalog
from pyroad.curriculum.model import Catalog, Exercise
from pyroad.submissions import progress
from pyroad.submissions.models import Submission, SubmissionStatus
from pyroad.teaching.models import Assignment, Cohort, CohortMember, CohortRole
from tests.server import Server  # the repository root is on sys.path (above)

SOLUTION = PROJECT_ROOT / "curriculum/01-basics/exercises/parse-request-line/solution.py"
PAGES = {
    "roadmap": "/roadmap",
    "lesson": "/lessons/what-is-backend-development",
    "lesson with blocks": "/lessons/running-python-and-variables",
    "exercise": "/exercises/parse-request-line",
    "dashboard": "/dashboard",
    "submission": "/submissions/{submission}",
    "healthz (baseline)": "/healthz",
}
# The open door: what a visitor without an account reads (no session cookie).
ANONYMOUS = {
    "lesson (visitor)": "/lessons/running-python-and-variables",
    "exercise (visitor)": "/exercises/parse-request-line",
}


def measure(client: httpx.Client, path: str, runs: int) -> dict[str, float]:
    assert client.get(path).status_code == 200, path  # warm caches, check access
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return {"p50": statistics.median(times), "p95": percentile(times, 0.95)}


def key(name: str) -> str:
    """ "lesson (visitor)" → lesson_visitor; "healthz (baseline)" → healthz."""
    return re.sub(r"\W+", "_", name.replace("(baseline)", "")).strip("_")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


# --- The teacher dashboard: a seeded cohort ---------------------------------------------
TEACHER = {"email": "teacher@example.com", "password": "bench-password"}
DAY = timedelta(days=1)
# How many graded attempts fail before a pass, on average, by difficulty (a learner's
# first try at an easy exercise usually passes; hard ones take a few).
MEAN_FAILURES = {"easy": 0.4, "medium": 1.2, "hard": 2.5}
FAILING = ("failed", "failed", "failed", "error", "timeout")


@dataclass(frozen=True)
class SeededCohort:
    cohort_id: int
    learners: int
    exercises: int
    submissions: int
    assigned: int


def seed_cohort(url: str, catalog: Catalog, learners: int, others: int, seed: int) -> SeededCohort:
    """A class six weeks into the course, written straight into the database.

    Each learner has reached some point of the course path (most around steps 3-4, a few
    near the end, some still in step 1); every exercise before it took a few attempts (more for hard
    ones) and was passed, the one they are on has failures only; a fifth of the class went
    quiet one to three weeks ago. Submissions carry real code (the exercise's reference or
    known-wrong solution) and per-test results shaped like the grader's. ``others`` more
    learners outside the cohort submit too, so the queries must select, not scan a table
    holding only the class. Steps 1-3 (due three weeks ago, a week ago, in a week) and two
    step-4 exercises (no due date) are assigned.
    """
    rng = random.Random(seed)
    now = datetime.now(UTC)
    start = now - 42 * DAY
    engine = create_engine(url)
    exercises = catalog.exercises
    password = hash_password(TEACHER["password"], fast=True)
    submissions = 0
    with engine.begin() as connection:
        teacher_id = new_id(
            connection.execute(
                insert(User).values(
                    email=TEACHER["email"],
                    display_name="Bench Teacher",
                    password_hash=password,
                    role=Role.TEACHER,
                    created_at=start,
                )
            )
        )
        cohort_id = new_id(
            connection.execute(
                insert(Cohort).values(name="Bench class", created_by=teacher_id, created_at=start)
            )
        )
        connection.execute(
            insert(CohortMember).values(
                cohort_id=cohort_id, user_id=teacher_id, role=CohortRole.TEACHER, joined_at=start
            )
        )
        assignments = [
            {"step": 1, "exercise_slug": None, "due_at": now - 21 * DAY},
            {"step": 2, "exercise_slug": None, "due_at": now - 7 * DAY},
            {"step": 3, "exercise_slug": None, "due_at": now + 7 * DAY},
        ] + [
            {"step": None, "exercise_slug": e.slug, "due_at": None}
            for e in catalog.steps[3].exercises[:2]
        ]
        connection.execute(
            insert(Assignment),
            [
                {**a, "cohort_id": cohort_id, "created_by": teacher_id, "created_at": start}
                for a in assignments
            ],
        )
        for index in range(learners + others):
            in_cohort = index < learners
            user_id = new_id(
                connection.execute(
                    insert(User).values(
                        email=f"learner{index}@example.com",
                        display_name=f"Learner {index:03d}",
                        password_hash=password,
                        role=Role.LEARNER,
                        created_at=start,
                    )
                )
            )
            if in_cohort:
                connection.execute(
                    insert(CohortMember).values(
                        cohort_id=cohort_id,
                        user_id=user_id,
                        role=CohortRole.LEARNER,
                        joined_at=start + rng.random() * 3 * DAY,
                    )
                )
            rows = learner_history(rng, exercises, user_id, start, now)
            if rows:
                connection.execute(insert(Submission), rows)
            submissions += len(rows)
        # Written around services (which recount a learner's progress row per submission
        # stored or graded): the rows are recounted here, in one statement.
        progress.rebuild(connection)
    engine.dispose()
    assigned = sum(len(catalog.steps[n].exercises) for n in range(3)) + 2
    return SeededCohort(cohort_id, learners, len(exercises), submissions, assigned)


def new_id(result: Any) -> int:
    """The id an INSERT made."""
    return int(result.inserted_primary_key[0])


def learner_history(
    rng: random.Random, exercises: list[Exercise], user_id: int, start: datetime, now: datetime
) -> list[dict[str, Any]]:
    """One learner's submissions, in course order, spread over the weeks they were active."""
    # Where they are on the path: most around steps 3-4, a few far ahead, some behind.
    reached = min(len(exercises), int(rng.triangular(3, len(exercises), len(exercises) * 0.3)))
    stopped = now - rng.uniform(7, 21) * DAY if rng.random() < 0.2 else now
    attempts: list[tuple[Exercise, str]] = []
    for position, exercise in enumerate(exercises[: reached + 1]):
        mean = MEAN_FAILURES[exercise.difficulty.value]
        failures = int(rng.expovariate(1 / mean)) if mean else 0
        if position == reached:  # the exercise they are on: not passed yet
            attempts += [(exercise, rng.choice(FAILING)) for _ in range(rng.randint(1, 8))]
        else:
            attempts += [(exercise, rng.choice(FAILING)) for _ in range(failures)]
            attempts.append((exercise, "passed"))
    if not attempts:
        return []
    step = (stopped - start) / len(attempts)
    rows = []
    for n, (exercise, verdict) in enumerate(attempts):
        at = start + step * (n + rng.random())
        rows.append(submission_row(rng, exercise, verdict, user_id, at))
    return rows


def submission_row(
    rng: random.Random, exercise: Exercise, verdict: str, user_id: int, at: datetime
) -> dict[str, Any]:
    """A graded submission as the grader stores it: code, verdict, per-test results."""
    wrong = exercise.wrong_solutions
    code = exercise.solution if verdict == "passed" or not wrong else rng.choice(wrong)[1]
    failing = set() if verdict == "passed" else {rng.randrange(len(exercise.tests))}
    tests = [
        {
            "name": probe.name,
            "status": "failed" if i in failing else "passed",
            "message": probe.message if i in failing else "",
            "stdout": "",
            "traceback": "",
            "hidden": not probe.visible,
            "shows": probe.shows,
            "diff": None,
        }
        for i, probe in enumerate(exercise.tests)
    ]
    passed = len(tests) - len(failing)
    summary = f"{passed} of {len(tests)} tests passed"
    return {
        "user_id": user_id,
        "exercise_slug": exercise.slug,
        "code": code,
        "status": SubmissionStatus.DONE,
        "verdict": verdict,
        "summary": summary,
        "result": {
            "verdict": verdict,
            "summary": summary,
            "traceback": "",
            "explanation": "",
            "stdout": "",
            "tests": tests,
        },
        "attempts": 1,
        "seed": rng.randrange(2**31),
        "duration_ms": rng.uniform(20, 400),
        "created_at": at,
        "updated_at": at,
        "finished_at": at + timedelta(seconds=rng.uniform(0.1, 2)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--learners", type=int, default=500, help="in the teacher's class")
    parser.add_argument("--others", type=int, default=200, help="learners outside the class")
    options = parser.parse_args()
    runs = options.runs
    with tempfile.TemporaryDirectory(prefix="pyroad-bench-pages-") as folder:
        server = Server(Path(folder) / "data").start()
        try:
            with httpx.Client(base_url=server.url, timeout=30) as client:
                email = {"email": "bench@example.com", "password": "bench-password"}
                client.post("/signup", data=email, follow_redirects=False)
                token = client.post("/api/v1/auth/login", json=email).json()["access_token"]
                api = {"Authorization": f"Bearer {token}"}
                sent = client.post(
                    "/api/v1/exercises/parse-request-line/submissions",
                    json={"code": SOLUTION.read_text()},
                    headers=api,
                ).json()
                url, accepted = sent["url"], sent["id"]
                while client.get(url, headers=api).json()["status"] != "done":
                    time.sleep(0.05)
                figures: dict[str, dict[str, float]] = {}
                for name, path in PAGES.items():
                    figures[name] = measure(client, path.format(submission=accepted), runs)
            with httpx.Client(base_url=server.url, timeout=30) as visitor:
                for name, path in ANONYMOUS.items():
                    figures[name] = measure(visitor, path, runs)
            catalog, _ = load_catalog(PROJECT_ROOT / "curriculum")
            started = time.perf_counter()
            seeded = seed_cohort(
                f"sqlite:///{server.data_dir / 'pyroad.sqlite3'}",
                catalog,
                options.learners,
                options.others,
                seed=13,
            )
            print(
                f"seeded {seeded.learners} learners (+{options.others} outside the class) × "
                f"{seeded.exercises} exercises: {seeded.submissions} submissions, "
                f"{seeded.assigned} assigned exercises, in {time.perf_counter() - started:.0f} s"
            )
            assert server.process is not None
            pid = server.process.pid
            teacher = measure_teacher(server.url, seeded, runs, pid)
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
    for name, figure in teacher.items():
        cpu = f"  server CPU {figure['cpu']:6.1f} ms a request" if "cpu" in figure else ""
        print(
            f"{name:<20} p50 {figure['p50']:6.1f} ms  p95 {figure['p95']:6.1f} ms  "
            f"({figure['p50'] / baseline:4.1f}x baseline){cpu}"
        )
    dashboard_p95 = teacher["teacher dashboard"]["p95"]
    print(
        f"teacher dashboard ({seeded.learners} learners, {seeded.submissions} submissions) "
        f"p95: {dashboard_p95:.1f} ms (target < 100 ms), p50 "
        f"{teacher['teacher dashboard']['p50'] / baseline:.1f}x baseline"
    )
    print(f"machine: load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(
        json.dumps(
            {f"{key(n)}_p50_ms": round(f["p50"], 2) for n, f in figures.items()}
            | {"worst_page_p95_ms": round(worst, 2)}
            | {f"{key(n)}_p50_ms": round(f["p50"], 2) for n, f in teacher.items()}
            | {f"{key(n)}_p95_ms": round(f["p95"], 2) for n, f in teacher.items()}
            | {f"{key(n)}_cpu_ms": round(f["cpu"], 2) for n, f in teacher.items() if "cpu" in f}
            | {
                "teacher_dashboard_p50_x_baseline": round(
                    teacher["teacher dashboard"]["p50"] / baseline, 2
                )
            }
            | {"load_average_1m": round(os.getloadavg()[0], 2), "cores": os.cpu_count()}
            | {
                "cohort_learners": seeded.learners,
                "cohort_exercises": seeded.exercises,
                "cohort_submissions": seeded.submissions,
                "assigned_exercises": seeded.assigned,
            }
        )
    )


def cpu_ms(pid: int) -> float:
    """CPU time (user + system) the server process has used so far, in ms (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def measure_teacher(
    url: str, seeded: SeededCohort, runs: int, pid: int
) -> dict[str, dict[str, float]]:
    """The teacher's pages, logged in through the form like a browser (cookie session).

    The dashboard also gets the server's CPU time per request: on a shared, loaded machine
    the wall time mostly measures waiting for a core, the CPU time what the page costs.
    """
    with httpx.Client(base_url=url, timeout=60) as teacher:
        logged_in = teacher.post("/login", data=TEACHER, follow_redirects=False)
        assert logged_in.status_code == 303, logged_in.text
        base = f"/teach/cohorts/{seeded.cohort_id}"
        board = teacher.get(f"/api/v1/cohorts/{seeded.cohort_id}/dashboard").json()
        first = board["learners"][0]["id"]  # the most stuck learner: the one a teacher opens
        print(f"stuck: {len(board['stuck'])} reasons; page 1 of {board['pages']}")
        before = cpu_ms(pid)
        dashboard = measure(teacher, f"{base}/dashboard", runs)
        dashboard["cpu"] = (cpu_ms(pid) - before) / (runs + 1)  # + the warm-up request
        return {
            "teacher dashboard": dashboard,
            "teacher learner": measure(teacher, f"{base}/learners/{first}", runs),
            # The export is occasional: fewer runs (every learner × every assigned exercise).
            "gradebook csv": measure(
                teacher, f"/api/v1/cohorts/{seeded.cohort_id}/gradebook.csv", max(runs // 5, 5)
            ),
        }


if __name__ == "__main__":
    main()
