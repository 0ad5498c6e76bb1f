"""exercise_progress on every backend (SQLite, PostgreSQL, MariaDB): 0012's backfill, verdicts
of one learner recorded at once, and the teacher's reports read from it showing exactly what
grouping the submissions says (tests/progress_oracle.py), for a class with every kind of
history. The database is shared by the session's tests: everything is scoped to our users.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import inspect, select, update
from sqlalchemy.orm import Session, sessionmaker

from pyroad.accounts.models import User
from pyroad.db import make_engine, make_session_factory, transaction
from pyroad.grading.grader import GradeReport, Verdict
from pyroad.migrate import alembic_config, upgrade
from pyroad.submissions import progress, services
from pyroad.submissions.models import Submission, SubmissionStatus
from pyroad.teaching.models import Assignment, CohortMember
from tests.conftest import Learner
from tests.functional.test_databases import scratch_url  # noqa: F401 - a fixture
from tests.functional.test_teaching_api import SLUG, invite, join, make_cohort, teacher
from tests.functional.test_teaching_reports import CATALOG, EXERCISE
from tests.progress_oracle import Pair, pairs, stored

DAY = timedelta(days=1)
WEEK = 7 * DAY  # the stuck rules' quiet time
STEP1 = [exercise.slug for exercise in CATALOG.steps[0].exercises]
STEP2 = [exercise.slug for exercise in CATALOG.steps[1].exercises]
E1, E2, E3 = STEP1[0], STEP1[1], STEP1[2]
LONE = CATALOG.steps[3].exercises[0].slug  # assigned alone, no due date
AHEAD = CATALOG.steps[4].exercises[0].slug  # not assigned
RETIRED = "an-exercise-no-longer-in-the-course"
History = list[tuple[str, str | None, timedelta]]  # (exercise, verdict or queued, how long ago)


def new_user(factory: sessionmaker[Session], name: str) -> int:
    with transaction(factory) as session:
        user = User(email=f"{name}-{uuid.uuid4().hex[:8]}@example.com", display_name=name)
        user.password_hash = "x"
        session.add(user)
        session.flush()
        return user.id


def write(factory: sessionmaker[Session], user_id: int, history: History, now: datetime) -> None:
    """Store submissions with their times (graded, or still queued), then recount their rows
    as storing and grading them would have."""
    with transaction(factory) as session:
        for slug, verdict, ago in history:
            at = now - ago
            session.add(
                Submission(
                    user_id=user_id,
                    exercise_slug=slug,
                    code="print('hi')\n",
                    status=SubmissionStatus.DONE if verdict else SubmissionStatus.QUEUED,
                    verdict=verdict,
                    summary=verdict or "",
                    result={"verdict": verdict, "tests": []} if verdict else None,
                    created_at=at,
                    updated_at=now,  # a queued one is fresh: the sweep leaves it alone
                    finished_at=at if verdict else None,
                )
            )
        session.flush()
        for slug in {slug for slug, _, _ in history}:
            progress.record(session, user_id, slug)


# --- the migration ----------------------------------------------------------------------


def test_0012_backfills_exercise_progress_and_goes_down_and_up(scratch_url: str) -> None:  # noqa: F811
    engine = make_engine(scratch_url)
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    now = datetime(2026, 11, 30, 12, 0, 0, 123456, tzinfo=UTC)
    try:
        command.upgrade(config, "0011")
        factory = make_session_factory(engine)
        ann, ben = new_user(factory, "ann"), new_user(factory, "ben")
        with transaction(factory) as session:
            for user_id, history in (
                (ann, [(E1, "failed", 3 * DAY), (E1, "passed", 2 * DAY), (E1, "error", DAY)]),
                (ann, [(E2, None, DAY), (E2, "internal", 2 * DAY), (RETIRED, "timeout", DAY)]),
                (ben, [(E1, "memory", DAY), (E1, "output-limit", DAY / 2), (E2, None, DAY)]),
            ):
                for slug, verdict, ago in history:
                    session.add(
                        Submission(
                            user_id=user_id,
                            exercise_slug=slug,
                            code="x",
                            status=SubmissionStatus.DONE if verdict else SubmissionStatus.QUEUED,
                            verdict=verdict,
                            created_at=now - ago,
                            updated_at=now,
                        )
                    )
        assert "exercise_progress" not in inspect(engine).get_table_names()
        upgrade(engine)
        with factory() as session:
            expected = pairs(session, [ann, ben])
            assert stored(session, [ann, ben]) == expected
        assert expected[ann, E1] == Pair(3, 2, now - 2 * DAY, now - DAY, now - DAY, "passed")
        assert expected[ann, E2] == Pair(2, 0, None, now - DAY, now - 2 * DAY, "internal")
        assert expected[ben, E2].best is None and expected[ben, E1].failed == 2
        command.downgrade(config, "0011")
        assert "exercise_progress" not in inspect(engine).get_table_names()
        upgrade(engine)
        with factory() as session:
            assert stored(session, [ann, ben]) == expected
    finally:
        engine.dispose()


# --- verdicts at once -------------------------------------------------------------------


def test_a_learners_submissions_stored_and_graded_at_once_are_all_counted(
    database_url: str,
) -> None:
    """Each store or verdict recounts the row after bumping the learner's version, whose row
    lock makes them take turns: the last recount sees every one (no lost update, no
    duplicate-key error when two create the row, no deadlock on MariaDB)."""
    engine = make_engine(database_url)
    try:
        upgrade(engine)
        factory = make_session_factory(engine)
        cat = new_user(factory, "cat")
        with transaction(factory) as session:
            user = session.get(User, cat)
            assert user is not None
            ids = [services.create(session, CATALOG, user, E1, "x", 65536).id for _ in range(4)]
        held = []
        for submission_id in ids:
            with transaction(factory) as session:
                claim = services.claim(session, submission_id)
                assert claim is not None
                held.append(claim)
        verdicts = [Verdict.FAILED, Verdict.PASSED, Verdict.ERROR, Verdict.TIMEOUT]
        start = threading.Barrier(len(held) + 2)

        def finish(n: int) -> None:
            start.wait()
            with transaction(factory) as session:
                assert services.finish(session, held[n], GradeReport(verdicts[n])).recorded

        def store(_: int) -> None:  # on E2, which has no row yet: both race to create it
            start.wait()
            with transaction(factory) as session:
                user = session.get(User, cat)
                assert user is not None
                services.create(session, CATALOG, user, E2, "y", 65536)

        jobs: list[tuple[Callable[[int], None], int]] = [(finish, n) for n in range(len(held))]
        jobs += [(store, 0), (store, 1)]
        with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
            for done in [pool.submit(job, n) for job, n in jobs]:
                done.result()
        with factory() as session:
            rows = stored(session, [cat])
            assert rows == pairs(session, [cat])
        assert (rows[cat, E1].attempts, rows[cat, E1].failed, rows[cat, E1].best) == (
            4,
            3,
            "passed",
        )
        assert rows[cat, E2].attempts == 2 and rows[cat, E2].last_graded_at is None
    finally:
        engine.dispose()


# --- the reports ------------------------------------------------------------------------


def parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value is not None else None


def status(pair: Pair | None, due: datetime | None, now: datetime) -> str:
    if pair is not None and pair.solved_at is not None:
        return "late" if due is not None and pair.solved_at > due else "solved"
    if due is not None and now > due:
        return "overdue"
    return "attempted" if pair is not None else "new"


def timing(pair: Pair | None, due: datetime | None, now: datetime) -> str:
    if pair is not None and pair.solved_at is not None:
        return "late" if due is not None and pair.solved_at > due else "on time"
    if due is not None and now > due:
        return "overdue"
    return "in progress" if pair is not None else "not started"


def stuck_on(pair: Pair | None, assigned_at: datetime, now: datetime, *, drill: bool) -> str | None:
    """The per-exercise rules. The cohort-wide query counts graded attempts only; the
    drill-down, from the learner's cells, counts one waiting for its verdict too."""
    if pair is None or pair.solved_at is not None:
        return None
    last = pair.last_at if drill else pair.last_graded_at
    if last is None:
        return None
    if pair.failed >= 5:
        return "failing"
    return "inactive" if now - max(last, assigned_at) >= WEEK else None


def test_the_reports_show_what_the_submissions_say(client: TestClient) -> None:
    factory = client.app.state.platform.sessions  # type: ignore[attr-defined]
    now = datetime.now(UTC)
    ada = teacher(client)
    cohort = make_cohort(ada)
    due = {1: now - 3 * DAY, 2: now + 5 * DAY}
    for step, at in due.items():
        made = ada.post(
            f"/api/v1/cohorts/{cohort}/assignments", json={"step": step, "due_at": at.isoformat()}
        )
        assert made.status_code == 201, made.text
    assert ada.post(
        f"/api/v1/cohorts/{cohort}/assignments", json={"exercise_slug": LONE}
    ).is_success
    with transaction(factory) as session:
        for assignment in session.scalars(select(Assignment).where(Assignment.cohort_id == cohort)):
            assignment.created_at = now - 30 * DAY  # set a month ago, before the work below
    code = invite(ada, cohort)["code"]
    histories: dict[str, History] = {
        "solver": [
            (E1, "failed", 20 * DAY),
            (E1, "passed", 19 * DAY),
            (E2, "failed", 2 * DAY),
            (LONE, "passed", DAY),
            (STEP2[0], "passed", DAY),
        ],
        "late": [(E1, "timeout", 10 * DAY), (E1, "passed", DAY)],
        "failing": [(E2, v, DAY) for v in ("failed", "failed", "error", "memory", "timeout")]
        + [(E3, "output-limit", 2 * DAY)],
        "quiet": [(E1, "error", 9 * DAY), (STEP2[1], "failed", 8 * DAY)],
        "ours": [(E1, "internal", DAY)] * 6,  # our grader's failures, not the learner's
        "waiting": [(E1, "failed", 9 * DAY), (E1, None, timedelta(minutes=1))],
        "queued": [(E2, None, timedelta(minutes=2))],
        "retired": [(RETIRED, "passed", 2 * DAY), (E1, "passed", 2 * DAY)],
        "again": [(E1, "passed", 5 * DAY), (E1, "failed", 4 * DAY), (AHEAD, "passed", 3 * DAY)],
        "never": [],
        "ahead": [(slug, "passed", 4 * DAY) for slug in [*STEP1, *STEP2, LONE, AHEAD]],
    }
    people = {name: Learner(client) for name in [*histories, "real"]}
    for person in people.values():
        assert join(person, code).status_code == 200
    # Elsewhere: a stuck learner of another cohort, and the teacher's own attempts.
    other_teacher = teacher(client)
    stranger = Learner(client)
    assert join(stranger, invite(other_teacher, make_cohort(other_teacher))["code"]).is_success
    board = ada.get(f"/api/v1/cohorts/{cohort}/dashboard", params={"per_page": 500}).json()
    ids = {row["email"]: row["id"] for row in board["learners"]}
    for name, history in histories.items():
        write(factory, ids[people[name].email], history, now)
    with transaction(factory) as session:
        session.execute(
            update(CohortMember)
            .where(
                CohortMember.cohort_id == cohort, CohortMember.user_id == ids[people["never"].email]
            )
            .values(joined_at=now - 10 * DAY)
        )
    with factory() as session:
        stranger_id = session.scalar(select(User.id).where(User.email == stranger.email))
        ada_id = session.scalar(select(User.id).where(User.email == ada.email))
    assert stranger_id is not None and ada_id is not None
    write(factory, stranger_id, [(E1, "failed", DAY)] * 6, now)
    write(factory, ada_id, [(E1, "failed", DAY)] * 6, now)
    # And one learner through the real path: stored and graded by the workers.
    real = people["real"]
    wrong = real.wait(real.submit(SLUG, EXERCISE.wrong_solutions[0][1]))
    right = real.wait(real.submit(SLUG, EXERCISE.solution))
    assert (wrong["verdict"], right["verdict"]) == ("failed", "passed")

    board = ada.get(f"/api/v1/cohorts/{cohort}/dashboard", params={"per_page": 500}).json()
    book = ada.get(f"/api/v1/cohorts/{cohort}/gradebook").json()
    drills = {
        row["id"]: ada.get(f"/api/v1/cohorts/{cohort}/learners/{row['id']}").json()
        for row in board["learners"]
    }
    now = datetime.now(UTC)  # within seconds of the reports' clock: every time is days off
    with factory() as session:
        found = pairs(session, list(ids.values()))
        joined = dict(
            session.execute(
                select(CohortMember.user_id, CohortMember.joined_at).where(
                    CohortMember.cohort_id == cohort
                )
            ).all()
        )
    assigned = {e["slug"]: (parse(e["due_at"]), parse(e["assigned_at"])) for e in board["assigned"]}
    # The app's catalog, which on a database shared with the session's other tests may
    # hold exercises they authored and published into these steps.
    catalog = client.app.state.platform.catalog  # type: ignore[attr-defined]
    steps = [[e.slug for e in catalog.steps[number].exercises] for number in (0, 1)]
    assert list(assigned) == [*steps[0], *steps[1], LONE]
    assert board["learners_total"] == len(ids) == len(people)  # not the stranger, not ada

    def pair(user_id: int, slug: str) -> Pair | None:
        return found.get((user_id, slug))

    expected_stuck = set()
    for email, user_id in ids.items():
        row = next(r for r in board["learners"] if r["id"] == user_id)
        mine = {slug: p for (uid, slug), p in found.items() if uid == user_id}
        last_activity = max((p.last_at for p in mine.values()), default=None)
        solved = {slug for slug, p in mine.items() if p.solved_at is not None}
        assert row["attempts"] == sum(p.attempts for p in mine.values()), email
        assert parse(row["last_activity"]) == last_activity, email
        assert {s["number"]: s["solved"] for s in row["steps"]} == {
            step.number: len(solved & {e.slug for e in step.exercises}) for step in catalog.steps
        }, email
        assert row["assigned_solved"] == len(solved & set(assigned)), email
        for slug, (due_at, _) in assigned.items():
            p = pair(user_id, slug)
            cell = row["assigned"][slug]
            assert cell["status"] == status(p, due_at, now), (email, slug)
            assert cell["attempts"] == (p.attempts if p else 0), (email, slug)
            assert cell["failed"] == (p.failed if p else 0), (email, slug)
            assert parse(cell["solved_at"]) == (p.solved_at if p else None), (email, slug)
        reasons: dict[bool, set[tuple[str, str | None]]] = {False: set(), True: set()}
        for drill in (False, True):
            for slug, (_, assigned_at) in assigned.items():
                assert assigned_at is not None
                reason = stuck_on(pair(user_id, slug), assigned_at, now, drill=drill)
                if reason is not None:
                    reasons[drill].add((reason, slug))
            since = last_activity or joined[user_id]
            if len(set(assigned) - solved) and now - since >= WEEK:
                reasons[drill].add(("absent", None))
        assert {(s["reason"], s["exercise"]) for s in row["stuck"]} == reasons[False], email
        expected_stuck |= {(user_id, reason, slug) for reason, slug in reasons[False]}
        drill = drills[user_id]
        assert {(s["reason"], s["exercise"]) for s in drill["learner"]["stuck"]} == reasons[True]
        assert drill["learner"]["attempts"] == row["attempts"]
        assert drill["learner"]["last_activity"] == row["last_activity"]
        shown = {e["exercise"]: e for e in drill["exercises"]}
        assert set(shown) == set(assigned) | {s for s in mine if catalog.exercise(s)}, email
        for slug, each in shown.items():
            p = pair(user_id, slug)
            assert (each["attempts"], each["failed"], each["best_verdict"]) == (
                (p.attempts, p.failed, p.best) if p else (0, 0, None)
            ), (email, slug)
            assert parse(each["solved_at"]) == (p.solved_at if p else None), (email, slug)
            assert parse(each["last_at"]) == (p.last_at if p else None), (email, slug)
        grades = next(g for g in book["learners"] if g["learner_id"] == user_id)
        assert grades["solved"] == sum(1 for s in assigned if s in solved), email
        for slug, (due_at, _) in assigned.items():
            p, grade = pair(user_id, slug), grades["grades"][slug]
            assert grade["best_verdict"] == (p.best if p else None), (email, slug)
            assert grade["attempts"] == (p.attempts if p else 0), (email, slug)
            submitted = (p.solved_at or p.last_at) if p else None
            assert parse(grade["submitted_at"]) == submitted, (email, slug)
            assert grade["timing"] == timing(p, due_at, now), (email, slug)
    assert {(s["learner_id"], s["reason"], s["exercise"]) for s in board["stuck"]} == expected_stuck
    for summary in board["summary"]:
        slug, (due_at, _) = summary["exercise"], assigned[summary["exercise"]]
        solvers = sum(1 for uid in ids.values() if (p := pair(uid, slug)) and p.solved_at)
        assert summary["solved"] == solvers, slug
        assert summary["overdue"] == (len(ids) - solvers if due_at and now > due_at else 0), slug
    # Every kind of history above is met (the oracle is not vacuous).
    kinds = {reason for _, reason, _ in expected_stuck}
    assert kinds == {"failing", "inactive", "absent"}
    statuses = {cell["status"] for row in board["learners"] for cell in row["assigned"].values()}
    assert statuses == {"solved", "late", "overdue", "attempted", "new"}
    # A verdict still to come: the cohort-wide rule waits for it, the drill-down does not.
    waiting = ids[people["waiting"].email]
    assert (waiting, "inactive", E1) in expected_stuck
    assert drills[waiting]["learner"]["stuck"] == []
