"""The teacher dashboard's rules and queries on a small class with explicit times.

Every time is explicit (no wall clock): submissions carry their times and the dashboard is
asked about a given moment, so each stuck rule is tested on both sides of its threshold.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

from pyroad.accounts.models import Role, User
from pyroad.curriculum.loader import load_catalog
from pyroad.db import make_engine, make_session_factory, transaction
from pyroad.migrate import upgrade
from pyroad.submissions import progress
from pyroad.submissions.models import Submission, SubmissionStatus
from pyroad.teaching import dashboard
from pyroad.teaching.dashboard import STUCK_FAILED_ATTEMPTS, STUCK_INACTIVE_DAYS, Cell
from pyroad.teaching.models import Assignment, Cohort, CohortMember, CohortRole
from tests.conftest import CURRICULUM

CATALOG, _ = load_catalog(CURRICULUM)
STEP1 = CATALOG.steps[0].exercises
E1, E2 = STEP1[0].slug, STEP1[1].slug
LONE = CATALOG.steps[1].exercises[0].slug  # assigned on its own, no due date
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # the cohort starts
DAY = timedelta(days=1)
NOW = T0 + 20 * DAY
DUE = T0 + 10 * DAY  # step 1's due date


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    made = make_engine(f"sqlite:///{tmp_path / 'dashboard.sqlite3'}")
    upgrade(made)
    yield made
    made.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(engine)


class World:
    """A cohort with a teacher, step 1 assigned (due ``DUE``) and ``LONE`` (no due date)."""

    def __init__(self, sessions: sessionmaker[Session], name: str = "Class") -> None:
        self.sessions = sessions
        with transaction(sessions) as session:
            teacher = User(email=f"t-{name}@example.com", display_name="T", password_hash="x")
            teacher.role = Role.TEACHER
            session.add(teacher)
            session.flush()
            cohort = Cohort(name=name, created_by=teacher.id, created_at=T0)
            session.add(cohort)
            session.flush()
            self.cohort_id = cohort.id
            session.add(
                CohortMember(
                    cohort_id=cohort.id, user_id=teacher.id, role=CohortRole.TEACHER, joined_at=T0
                )
            )
            session.add_all(
                [
                    Assignment(cohort_id=cohort.id, step=1, due_at=DUE, created_at=T0),
                    Assignment(cohort_id=cohort.id, exercise_slug=LONE, created_at=T0),
                ]
            )

    def learner(self, name: str, joined: datetime = T0) -> int:
        with transaction(self.sessions) as session:
            user = User(email=f"{name}-{self.cohort_id}@example.com", display_name=name)
            user.password_hash = "x"
            session.add(user)
            session.flush()
            session.add(
                CohortMember(
                    cohort_id=self.cohort_id,
                    user_id=user.id,
                    role=CohortRole.LEARNER,
                    joined_at=joined,
                )
            )
            return user.id

    def submit(self, user_id: int, slug: str, verdict: str | None, at: datetime) -> int:
        with transaction(self.sessions) as session:
            done = verdict is not None
            tests = [{"name": "probe", "status": "passed" if verdict == "passed" else "failed"}]
            row = Submission(
                user_id=user_id,
                exercise_slug=slug,
                code=f"# {verdict}\n",
                status=SubmissionStatus.DONE if done else SubmissionStatus.QUEUED,
                verdict=verdict,
                summary=verdict or "",
                result={"verdict": verdict, "tests": tests} if done else None,
                created_at=at,
                updated_at=at,
                finished_at=at if done else None,
            )
            session.add(row)
            session.flush()
            progress.record(session, user_id, slug)  # as storing and grading it would
            return row.id

    def board(self, **options: int) -> dashboard.Dashboard:
        with self.sessions() as session:
            cohort = session.get(Cohort, self.cohort_id)
            assert cohort is not None
            return dashboard.build(session, CATALOG, cohort, now=NOW, **options)

    def progress(self, user_id: int) -> dashboard.LearnerProgress:
        with self.sessions() as session:
            row = dashboard.cohort_learner(session, self.cohort_id, user_id)
            assert row is not None
            return dashboard.learner_progress(session, CATALOG, self.cohort_id, row, now=NOW)


def reasons(board: dashboard.Dashboard) -> dict[str, set[tuple[str, str | None]]]:
    found: dict[str, set[tuple[str, str | None]]] = {}
    for stuck in board.stuck:
        slug = stuck.exercise.slug if stuck.exercise else None
        found.setdefault(stuck.learner_name, set()).add((stuck.reason, slug))
    return found


def test_each_stuck_rule_on_both_sides_of_its_threshold(sessions: sessionmaker[Session]) -> None:
    world = World(sessions)
    recent = NOW - DAY
    ann = world.learner("ann")  # exactly the failing threshold
    for n in range(STUCK_FAILED_ATTEMPTS):
        world.submit(ann, E1, "failed" if n % 2 else "error", recent - n * timedelta(hours=1))
    ben = world.learner("ben")  # one short of it
    for _ in range(STUCK_FAILED_ATTEMPTS - 1):
        world.submit(ben, E1, "failed", recent)
    cat = world.learner("cat")  # started, quiet for exactly the inactivity window
    world.submit(cat, E1, "failed", NOW - STUCK_INACTIVE_DAYS * DAY)
    world.submit(cat, LONE, "passed", recent)  # …but active elsewhere: not absent
    dan = world.learner("dan")  # quiet a day less
    world.submit(dan, E1, "failed", NOW - (STUCK_INACTIVE_DAYS - 1) * DAY)
    eve = world.learner("eve")  # many failures, then solved: never stuck on it
    for _ in range(STUCK_FAILED_ATTEMPTS + 1):
        world.submit(eve, E1, "failed", T0 + DAY)
    world.submit(eve, E1, "passed", recent)
    gus = world.learner("gus")  # our grader's failures are not the learner's
    for _ in range(STUCK_FAILED_ATTEMPTS):
        world.submit(gus, E1, "internal", recent)
    world.learner("fay", joined=NOW - (STUCK_INACTIVE_DAYS + 1) * DAY)  # joined, never came
    world.learner("hal", joined=NOW - (STUCK_INACTIVE_DAYS - 1) * DAY)  # joined recently

    found = reasons(world.board())

    assert found == {
        "ann": {("failing", E1)},
        "cat": {("inactive", E1)},
        "fay": {("absent", None)},
    }
    board = world.board()
    assert [s.reason for s in board.stuck] == ["failing", "inactive", "absent"]
    assert "5 failed attempts" in board.stuck[0].detail
    assert "7 days" in board.stuck[1].detail


def test_a_learner_silent_for_a_week_with_open_work_is_absent_not_one_who_finished(
    sessions: sessionmaker[Session],
) -> None:
    world = World(sessions)
    ida = world.learner("ida")
    world.submit(ida, E2, "passed", NOW - 9 * DAY)
    jon = world.learner("jon")
    for exercise in [*STEP1, CATALOG.exercise(LONE)]:
        assert exercise is not None
        world.submit(jon, exercise.slug, "passed", NOW - 9 * DAY)

    found = reasons(world.board())

    assert found == {"ida": {("absent", None)}}


def test_an_attempt_before_the_work_was_set_counts_from_the_assignment(
    sessions: sessionmaker[Session],
) -> None:
    """Tried long ago on their own, assigned yesterday: not "quiet for weeks" on it."""
    world = World(sessions)
    kim = world.learner("kim")
    world.submit(kim, E1, "failed", T0 - 30 * DAY)
    world.submit(kim, E2, "failed", NOW - DAY)
    with transaction(sessions) as session:
        for assignment in session.query(Assignment):
            assignment.created_at = NOW - 2 * DAY

    assert reasons(world.board()) == {}


def test_the_drill_down_applies_the_same_rules_as_the_cohort_query(
    sessions: sessionmaker[Session],
) -> None:
    """The dashboard decides "stuck" in SQL (HAVING), the drill-down from the learner's
    cells in Python: both must say the same for every learner."""
    world = World(sessions)
    ids = []
    for n, (failures, quiet_days, solved) in enumerate(
        [(5, 1, False), (4, 1, False), (1, 7, False), (1, 6, False), (6, 1, True), (0, 0, False)]
    ):
        learner = world.learner(f"l{n}", joined=T0)
        ids.append(learner)
        for _ in range(failures):
            world.submit(learner, E2, "failed", NOW - quiet_days * DAY)
        if solved:
            world.submit(learner, E2, "passed", NOW - quiet_days * DAY)
    board = world.board()
    for learner in ids:
        from_board = sorted(
            (s.reason, s.exercise.slug if s.exercise else None)
            for s in board.stuck
            if s.learner_id == learner
        )
        alone = world.progress(learner).row.stuck
        assert from_board == sorted(
            (s.reason, s.exercise.slug if s.exercise else None) for s in alone
        )


def test_cells_say_solved_late_overdue_attempted_or_new(sessions: sessionmaker[Session]) -> None:
    world = World(sessions)
    lea = world.learner("lea")
    world.submit(lea, E1, "failed", DUE - 2 * DAY)
    world.submit(lea, E1, "passed", DUE - DAY)  # on time
    world.submit(lea, E2, "failed", DUE - DAY)
    world.submit(lea, E2, "passed", DUE + DAY)  # late
    world.submit(lea, LONE, "failed", NOW - DAY)  # no due date: attempted
    world.submit(lea, STEP1[2].slug, "failed", NOW - DAY)  # step 1, past due: overdue

    progress = world.progress(lea)
    row = progress.row
    due = {e.slug: e.due_at for e in progress.assigned}

    def status(slug: str) -> str:
        return row.cell(slug).status(due[slug], NOW)

    assert status(E1) == "solved" and row.cell(E1).attempts == 2 and row.cell(E1).best == "passed"
    assert status(E2) == "late" and row.cell(E2).solved_at == DUE + DAY
    assert status(LONE) == "attempted"
    assert status(STEP1[2].slug) == "overdue" and row.cell(STEP1[2].slug).best == "failed"
    assert status(STEP1[3].slug) == "overdue"  # never tried, due date passed
    assert Cell().status(None, NOW) == "new"
    assert row.solved_per_step == {1: 2}
    assert row.attempts == 6 and row.last_activity == NOW - DAY
    assert row.assigned_solved == 2


def test_assignments_expand_steps_once_with_the_earliest_due_date(
    sessions: sessionmaker[Session],
) -> None:
    world = World(sessions)
    earlier = DUE - 3 * DAY
    with transaction(sessions) as session:
        session.add_all(
            [
                Assignment(
                    cohort_id=world.cohort_id, exercise_slug=E2, due_at=earlier, created_at=T0
                ),
                Assignment(cohort_id=world.cohort_id, exercise_slug=E1, created_at=T0),
                Assignment(cohort_id=world.cohort_id, exercise_slug="retired-one", created_at=T0),
                Assignment(cohort_id=world.cohort_id, step=99, created_at=T0),
            ]
        )
    with sessions() as session:
        assigned = dashboard.assigned_exercises(session, CATALOG, world.cohort_id)

    assert [e.slug for e in assigned] == [e.slug for e in STEP1] + [LONE]
    due = {e.slug: e.due_at for e in assigned}
    assert due[E2] == earlier and due[E1] == DUE and due[LONE] is None


def test_the_summary_counts_solvers_and_the_overdue(sessions: sessionmaker[Session]) -> None:
    world = World(sessions)
    a, b = world.learner("a"), world.learner("b")
    world.learner("c")
    world.submit(a, E1, "passed", DUE - DAY)
    world.submit(a, E1, "passed", DUE - DAY)  # twice: one solver
    world.submit(b, E1, "failed", DUE - DAY)
    world.submit(b, LONE, "passed", NOW - DAY)

    summary = {s.exercise.slug: s for s in world.board().summary}

    assert (summary[E1].solved, summary[E1].overdue) == (1, 2)
    assert (summary[LONE].solved, summary[LONE].overdue) == (1, 0)  # no due date


def test_learners_are_paged_stuck_first(sessions: sessionmaker[Session]) -> None:
    world = World(sessions)
    for name in ("a", "b", "c", "d", "e"):
        world.submit(world.learner(name), LONE, "passed", NOW - DAY)  # active: not absent
    zed = world.learner("zed")
    for _ in range(STUCK_FAILED_ATTEMPTS):
        world.submit(zed, E1, "failed", NOW - DAY)
        world.submit(zed, E2, "failed", NOW - DAY)

    first = world.board(page=1, per_page=2)
    last = world.board(page=3, per_page=2)

    assert first.total_learners == 6 and first.pages == 3
    assert [row.name for row in first.learners] == ["zed", "a"]
    assert [row.name for row in last.learners] == ["d", "e"]
    assert first.learners[0].cell(E1).failed == STUCK_FAILED_ATTEMPTS
    assert len(first.stuck) == 2 and len(last.stuck) == 2  # the stuck list is everyone's
    assert world.board(page=9, per_page=2).learners == []


def test_another_cohorts_learners_and_the_staff_never_show(sessions: sessionmaker[Session]) -> None:
    mine, theirs = World(sessions, "mine"), World(sessions, "theirs")
    ours = mine.learner("ours")
    other = theirs.learner("other")
    for _ in range(STUCK_FAILED_ATTEMPTS):
        theirs.submit(other, E1, "failed", NOW - DAY)
    mine.submit(ours, E1, "passed", NOW - DAY)

    board = mine.board()

    assert [row.name for row in board.learners] == ["ours"]
    assert board.stuck == [] and board.summary[0].solved == 1
    with sessions() as session:
        assert dashboard.cohort_learner(session, mine.cohort_id, other) is None


def test_the_number_of_queries_does_not_grow_with_the_class(
    engine: Engine, sessions: sessionmaker[Session]
) -> None:
    """Grouped queries only: no query per learner, however many there are."""

    def count_queries(world: World) -> int:
        statements: list[str] = []

        def seen(*args: object) -> None:
            statements.append(str(args[2]))

        event.listen(engine, "before_cursor_execute", seen)
        try:
            world.board()
        finally:
            event.remove(engine, "before_cursor_execute", seen)
        return len(statements)

    small, large = World(sessions, "small"), World(sessions, "large")
    for world, size in ((small, 2), (large, 30)):
        for n in range(size):
            learner = world.learner(f"{world.cohort_id}-{n}")
            world.submit(learner, E1, "failed", NOW - 9 * DAY)
            world.submit(learner, LONE, "passed", NOW - DAY)

    assert count_queries(small) == count_queries(large) <= 10
